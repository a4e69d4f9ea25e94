package dev.vouch.clusterconfig;

import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyKeyFiles;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check of a staged version before it is published, with the loaders {@code vouch serve} itself uses: the policy
 * parses, registries.d loads, and every file the policy names ({@code keyPath}, {@code keyPaths}, CA and Rekor key
 * paths) exists: a file under the mirror's directory must be in the staged version, any other must exist on disk.
 */
final class StagedCheck {
    private StagedCheck() {
    }

    static void check(ClusterConfigSettings settings, Path root, Path staged) throws ConfigProblem, IOException {
        String namespace = settings.namespace();
        String policyField = "data." + settings.policyKey();
        Policy policy;
        try {
            policy = PolicyParser.parse(Files.readAllBytes(staged.resolve(ConfigDirectory.POLICY)));
        } catch (InvalidPolicyException e) {
            throw new ConfigProblem(namespace, settings.policy(), policyField, e.getMessage());
        }
        if (settings.registriesD().isPresent()) {
            Path directory = staged.resolve(ConfigDirectory.REGISTRIES_D);
            try {
                RegistriesDirectory.load(directory, SourceContext.defaults());
            } catch (InvalidRegistriesConfigurationException e) {
                String message = String.valueOf(e.getMessage()).replace(directory + "/", "data.");
                throw new ConfigProblem(namespace, settings.registriesD().get(), "data", message);
            }
        }
        for (Path file : PolicyKeyFiles.of(policy)) {
            Path absolute = file.toAbsolutePath().normalize();
            if (absolute.startsWith(root)) {
                Path inStaged = staged.resolve(root.relativize(absolute)).normalize();
                if (!inStaged.startsWith(staged) || !Files.isRegularFile(inStaged)) {
                    throw new ConfigProblem(namespace, settings.policy(), policyField, "names " + file + ", which"
                            + " none of the configured keys objects provides (expected " + root.resolve(
                            ConfigDirectory.KEYS) + "/OBJECT/KEY)");
                }
            } else if (!Files.isRegularFile(absolute)) {
                throw new ConfigProblem(namespace, settings.policy(), policyField, "names " + file + ", which does"
                        + " not exist");
            }
        }
    }
}
