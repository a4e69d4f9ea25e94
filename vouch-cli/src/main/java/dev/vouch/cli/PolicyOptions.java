package dev.vouch.cli;

import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --policy} and {@code --registries.d} options, and the registry options {@code --authfile},
 * {@code --creds}, {@code --tls-verify}, {@code --cert-dir}, as skopeo and podman name them.
 */
public final class PolicyOptions {

    @Option(names = "--policy", paramLabel = "FILE",
            description = "policy.json to use (default: $HOME/.config/containers/policy.json, "
                    + "else /etc/containers/policy.json)")
    Path policy;

    @Option(names = "--registries.d", paramLabel = "DIR",
            description = "registries.d directory: where signatures are stored "
                    + "(default: $HOME/.config/containers/registries.d, else /etc/containers/registries.d)")
    Path registriesDirectory;

    @Option(names = "--authfile", paramLabel = "FILE",
            description = "containers-auth.json with registry credentials (default: $REGISTRY_AUTH_FILE, "
                    + "$XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json, ~/.docker/config.json, "
                    + "~/.dockercfg); a Kubernetes pull secret's .dockerconfigjson or .dockercfg content also works")
    Path authFile;

    @Option(names = "--creds", paramLabel = "USER[:PASSWORD]",
            description = "credentials for the registry (overrides the auth files)")
    String credentials;

    @Mixin
    TlsOptions tls = new TlsOptions();

    /** Whether {@code --policy} was given. */
    public boolean policyGiven() {
        return policy != null;
    }

    /** The policy from {@code --policy} or the default location; an invalid one is a user error. */
    public Policy loadPolicy() {
        return loadPolicy(Optional.ofNullable(policy));
    }

    /** The policy in {@code file}, else at the default location; an invalid one is a user error. */
    public static Policy loadPolicy(Optional<Path> file) {
        try {
            return file.isPresent() ? PolicyFiles.load(file.get()) : PolicyFiles.loadDefault();
        } catch (InvalidPolicyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** Image-reading settings; checks the registries.d directory strictly when one is given. */
    public SourceContext sourceContext() {
        return sourceContext(Optional.ofNullable(registriesDirectory), Optional.ofNullable(authFile),
                Optional.ofNullable(credentials), "--creds", tls);
    }

    /**
     * Registry settings from options (skopeo names them {@code --creds}, or {@code --src-creds} and
     * {@code --dest-creds}: {@code credentialsFlag} names the one used in messages).
     */
    public static SourceContext sourceContext(Optional<Path> registriesDirectory, Optional<Path> authFile,
                                              Optional<String> credentials, String credentialsFlag,
                                              TlsOptions tls) {
        SourceContext context = SourceContext.defaults();
        if (registriesDirectory.isPresent()) {
            try {
                RegistriesDirectory.load(registriesDirectory.get(), context);
            } catch (InvalidRegistriesConfigurationException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            context = context.withRegistriesDirectory(registriesDirectory.get());
        }
        if (authFile.isPresent()) {
            context = context.withAuthFile(authFile.get());
        }
        if (credentials.isPresent()) {
            if (credentials.get().isEmpty() || credentials.get().startsWith(":")) {
                throw new UserInputException(credentialsFlag + " must be USER[:PASSWORD] with a non-empty user");
            }
            context = context.withCredentials(credentials.get());
        }
        if (tls.tlsVerify().isPresent()) {
            context = context.withTlsVerify(tls.tlsVerify().get());
        }
        if (tls.certDirectory().isPresent()) {
            context = context.withCertDirectory(tls.certDirectory().get());
        }
        return context;
    }
}
