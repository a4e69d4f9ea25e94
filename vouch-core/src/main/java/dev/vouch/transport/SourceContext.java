package dev.vouch.transport;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings that affect how images are read: where registries.d lives, where local signature stores are, and how
 * registries are reached (credentials, TLS). Built with {@link #defaults()} and the {@code with...} methods.
 *
 * @param registriesDirectory the registries.d directory; empty means the system default
 *     ({@code $HOME/.config/containers/registries.d}, then {@code /etc/containers/registries.d})
 * @param homeDirectory the user's home, for per-user defaults
 * @param root whether the process runs as root (selects the default lookaside directory)
 * @param authFile the containers-auth.json to use instead of the default search (skopeo's {@code --authfile})
 * @param credentials {@code USER[:PASSWORD]} to use for every registry (skopeo's {@code --creds}); never printed
 * @param certDirectory the directory of CA certificates and client key pairs to use instead of certs.d
 *     (skopeo's {@code --cert-dir})
 * @param tlsVerify whether registries' TLS certificates are verified (and HTTPS required); empty means the
 *     default, which is to verify
 * @param shared resources kept between the images opened with this context (registry clients, TLS settings,
 *     registries.d), closed by whoever created them; empty means every image source makes its own
 */
public record SourceContext(Optional<Path> registriesDirectory, Path homeDirectory, boolean root,
                            Optional<Path> authFile, Optional<String> credentials, Optional<Path> certDirectory,
                            Optional<Boolean> tlsVerify, Optional<SharedResources> shared) {

    public SourceContext {
        Objects.requireNonNull(registriesDirectory, "registriesDirectory");
        Objects.requireNonNull(homeDirectory, "homeDirectory");
        Objects.requireNonNull(authFile, "authFile");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(certDirectory, "certDirectory");
        Objects.requireNonNull(tlsVerify, "tlsVerify");
        Objects.requireNonNull(shared, "shared");
    }

    /** Settings without registry options: the default credentials and TLS settings apply. */
    public SourceContext(Optional<Path> registriesDirectory, Path homeDirectory, boolean root) {
        this(registriesDirectory, homeDirectory, root, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Settings of the current user and process. */
    public static SourceContext defaults() {
        String user = System.getProperty("user.name", "");
        return new SourceContext(Optional.empty(), Path.of(System.getProperty("user.home", "/")), user.equals("root"));
    }

    public SourceContext withRegistriesDirectory(Path directory) {
        return new SourceContext(Optional.of(directory), homeDirectory, root, authFile, credentials, certDirectory,
                tlsVerify, shared);
    }

    public SourceContext withHomeDirectory(Path directory, boolean isRoot) {
        return new SourceContext(registriesDirectory, directory, isRoot, authFile, credentials, certDirectory,
                tlsVerify, shared);
    }

    public SourceContext withAuthFile(Path file) {
        return new SourceContext(registriesDirectory, homeDirectory, root, Optional.of(file), credentials,
                certDirectory, tlsVerify, shared);
    }

    /** Uses {@code userColonPassword} ({@code USER[:PASSWORD]}) for every registry. */
    public SourceContext withCredentials(String userColonPassword) {
        return new SourceContext(registriesDirectory, homeDirectory, root, authFile,
                Optional.of(userColonPassword), certDirectory, tlsVerify, shared);
    }

    public SourceContext withCertDirectory(Path directory) {
        return new SourceContext(registriesDirectory, homeDirectory, root, authFile, credentials,
                Optional.of(directory), tlsVerify, shared);
    }

    public SourceContext withTlsVerify(boolean verify) {
        return new SourceContext(registriesDirectory, homeDirectory, root, authFile, credentials, certDirectory,
                Optional.of(verify), shared);
    }

    /** Keeps registry clients and settings in {@code resources} between the images opened with this context. */
    public SourceContext withSharedResources(SharedResources resources) {
        return new SourceContext(registriesDirectory, homeDirectory, root, authFile, credentials, certDirectory,
                tlsVerify, Optional.of(resources));
    }

    @Override
    public String toString() {
        return "SourceContext[registriesDirectory=" + registriesDirectory + ", homeDirectory=" + homeDirectory
                + ", root=" + root + ", authFile=" + authFile
                + ", credentials=" + (credentials.isPresent() ? "<redacted>" : "none")
                + ", certDirectory=" + certDirectory + ", tlsVerify=" + tlsVerify + "]";
    }
}
