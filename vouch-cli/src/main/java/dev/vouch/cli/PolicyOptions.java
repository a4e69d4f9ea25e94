package dev.vouch.cli;

import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --policy} and {@code --registries.d} options, as skopeo and podman name them. */
public final class PolicyOptions {

    @Option(names = "--policy", paramLabel = "FILE",
            description = "policy.json to use (default: $HOME/.config/containers/policy.json, "
                    + "else /etc/containers/policy.json)")
    Path policy;

    @Option(names = "--registries.d", paramLabel = "DIR",
            description = "registries.d directory: where signatures are stored "
                    + "(default: $HOME/.config/containers/registries.d, else /etc/containers/registries.d)")
    Path registriesDirectory;

    /** The policy from {@code --policy} or the default location; an invalid one is a user error. */
    public Policy loadPolicy() {
        try {
            return policy != null ? PolicyFiles.load(policy) : PolicyFiles.loadDefault();
        } catch (InvalidPolicyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** Image-reading settings; checks the registries.d directory strictly when one is given. */
    public SourceContext sourceContext() {
        SourceContext context = SourceContext.defaults();
        if (registriesDirectory != null) {
            try {
                RegistriesDirectory.load(registriesDirectory, context);
            } catch (InvalidRegistriesConfigurationException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            context = context.withRegistriesDirectory(registriesDirectory);
        }
        return context;
    }
}
