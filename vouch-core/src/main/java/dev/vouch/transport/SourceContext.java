package dev.vouch.transport;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings that affect how images are read: where registries.d lives and where local signature stores are.
 * Built with {@link #defaults()} and the {@code with...} methods.
 *
 * @param registriesDirectory the registries.d directory; empty means the system default
 *     ({@code $HOME/.config/containers/registries.d}, then {@code /etc/containers/registries.d})
 * @param homeDirectory the user's home, for per-user defaults
 * @param root whether the process runs as root (selects the default lookaside directory)
 */
public record SourceContext(Optional<Path> registriesDirectory, Path homeDirectory, boolean root) {

    public SourceContext {
        Objects.requireNonNull(registriesDirectory, "registriesDirectory");
        Objects.requireNonNull(homeDirectory, "homeDirectory");
    }

    /** Settings of the current user and process. */
    public static SourceContext defaults() {
        String user = System.getProperty("user.name", "");
        return new SourceContext(Optional.empty(), Path.of(System.getProperty("user.home", "/")), user.equals("root"));
    }

    public SourceContext withRegistriesDirectory(Path directory) {
        return new SourceContext(Optional.of(directory), homeDirectory, root);
    }

    public SourceContext withHomeDirectory(Path directory, boolean isRoot) {
        return new SourceContext(registriesDirectory, directory, isRoot);
    }
}
