package dev.vouch.clusterconfig;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code fromCluster} section of {@code vouch.yaml}: the objects policy.json, registries.d and keys are read
 * from, and the directory they are mirrored to. The directory holds (see {@link ConfigDirectory}):
 * <pre>
 * DIRECTORY/policy.json                  the policy ConfigMap's key
 * DIRECTORY/registries.d/FILE.yaml       each key of the registries.d ConfigMap ending in .yaml
 * DIRECTORY/keys/OBJECT/KEY              each key of each keys ConfigMap or Secret
 * </pre>
 * The policy's {@code keyPath}s name files under {@code DIRECTORY/keys/}.
 *
 * @param namespace where the objects are
 * @param directory where they are mirrored (created with mode 0700 if missing)
 * @param policy the ConfigMap holding policy.json
 * @param policyKey the key of the policy in that ConfigMap (default {@code policy.json})
 * @param registriesD the ConfigMap whose {@code *.yaml} keys are the registries.d files; empty for none (then the
 *     default registries.d of the machine is not used either: an empty directory is)
 * @param keys the ConfigMaps and Secrets whose keys are key files; distinct names
 */
public record ClusterConfigSettings(String namespace, Path directory, ClusterObject policy, String policyKey,
                                    Optional<ClusterObject> registriesD, List<ClusterObject> keys) {
    public static final String DEFAULT_POLICY_KEY = "policy.json";

    public ClusterConfigSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(policyKey, "policyKey");
        Objects.requireNonNull(registriesD, "registriesD");
        keys = List.copyOf(keys);
        if (policy.kind() != ClusterObject.Kind.CONFIG_MAP
                || registriesD.isPresent() && registriesD.get().kind() != ClusterObject.Kind.CONFIG_MAP) {
            throw new IllegalArgumentException("the policy and registries.d are read from ConfigMaps");
        }
        if (!ObjectKeys.isKey(policyKey)) {
            throw new IllegalArgumentException("policy.key: " + ObjectKeys.RULE);
        }
        Set<String> names = new HashSet<>();
        for (ClusterObject object : keys) {
            if (!names.add(object.name())) {
                throw new IllegalArgumentException("keys: " + object.name() + " is named twice (each object has"
                        + " its own directory keys/NAME, so names must be distinct)");
            }
        }
    }

    /** The mirrored policy file. */
    public Path policyFile() {
        return directory.resolve(ConfigDirectory.POLICY);
    }

    /** The mirrored registries.d directory (empty when no ConfigMap is configured for it). */
    public Path registriesDirectory() {
        return directory.resolve(ConfigDirectory.REGISTRIES_D);
    }

    /** The file holding {@code key} of the keys object {@code name}. */
    public Path keyFile(String name, String key) {
        return directory.resolve(ConfigDirectory.KEYS).resolve(name).resolve(key);
    }
}
