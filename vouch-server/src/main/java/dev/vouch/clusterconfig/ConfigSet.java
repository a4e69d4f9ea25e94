package dev.vouch.clusterconfig;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files one set of objects becomes (see {@link ClusterConfigSettings} for the layout). ConfigMaps give their
 * {@code data} (as UTF-8) and {@code binaryData}; Secrets their {@code data}. A key that cannot be a file name, the
 * same key in {@code data} and {@code binaryData}, or a missing policy key is a {@link ConfigProblem}.
 */
final class ConfigSet {
    private ConfigSet() {
    }

    /** The files of {@code objects}, which holds every configured object. */
    static List<MirroredFile> files(ClusterConfigSettings settings, Map<ClusterObject, HasMetadata> objects)
            throws ConfigProblem {
        List<MirroredFile> files = new ArrayList<>();
        ClusterObject policy = settings.policy();
        Map<String, byte[]> policyEntries = entries(settings.namespace(), policy, objects.get(policy));
        byte[] content = policyEntries.get(settings.policyKey());
        if (content == null) {
            throw new ConfigProblem(settings.namespace(), policy, "data." + settings.policyKey(), "missing: the"
                    + " policy is read from this key");
        }
        files.add(new MirroredFile(List.of(ConfigDirectory.POLICY), content, false));
        if (settings.registriesD().isPresent()) {
            ClusterObject registries = settings.registriesD().get();
            entries(settings.namespace(), registries, objects.get(registries)).forEach((key, bytes) -> {
                if (key.endsWith(".yaml")) {
                    files.add(new MirroredFile(List.of(ConfigDirectory.REGISTRIES_D, key), bytes, false));
                }
            });
        }
        for (ClusterObject keys : settings.keys()) {
            boolean secret = keys.kind() == ClusterObject.Kind.SECRET;
            entries(settings.namespace(), keys, objects.get(keys)).forEach((key, bytes) ->
                    files.add(new MirroredFile(List.of(ConfigDirectory.KEYS, keys.name(), key), bytes, secret)));
        }
        return files;
    }

    /** The object's keys and their bytes, in key order; every key checked against {@link ObjectKeys}. */
    private static Map<String, byte[]> entries(String namespace, ClusterObject object, HasMetadata resource)
            throws ConfigProblem {
        Map<String, byte[]> entries = new TreeMap<>();
        if (resource instanceof ConfigMap configMap) {
            add(namespace, object, "data", configMap.getData(), false, entries);
            add(namespace, object, "binaryData", configMap.getBinaryData(), true, entries);
        } else if (resource instanceof Secret secret) {
            add(namespace, object, "data", secret.getData(), true, entries);
        } else {
            throw new IllegalArgumentException(object.label(namespace) + " is not a " + object.kind().kind());
        }
        return entries;
    }

    private static void add(String namespace, ClusterObject object, String field, Map<String, String> values,
                            boolean base64, Map<String, byte[]> entries) throws ConfigProblem {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            if (!ObjectKeys.isKey(key)) {
                throw new ConfigProblem(namespace, object, field, "the key \"" + key + "\" cannot be a file name: "
                        + ObjectKeys.RULE);
            }
            byte[] bytes;
            String value = entry.getValue() == null ? "" : entry.getValue();
            if (base64) {
                try {
                    bytes = Base64.getDecoder().decode(value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigProblem(namespace, object, field + "." + key, "not valid base64");
                }
            } else {
                bytes = value.getBytes(StandardCharsets.UTF_8);
            }
            if (entries.put(key, bytes) != null) {
                throw new ConfigProblem(namespace, object, field + "." + key, "the key is defined twice (data and"
                        + " binaryData)");
            }
        }
    }
}
