package dev.vouch.pullsecret;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the pull credentials of a pod (or pod template) are named: its {@code imagePullSecrets}, then its service
 * account's ({@code default} when the pod names none).
 *
 * @param namespace the pod's namespace: every secret and the service account are read there, never elsewhere
 * @param secretNames the pod's {@code imagePullSecrets} names, in order
 * @param serviceAccount the pod's {@code serviceAccountName}, {@code default} when absent
 */
public record PodPullSecrets(String namespace, List<String> secretNames, String serviceAccount) {
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    public PodPullSecrets {
        Objects.requireNonNull(namespace, "namespace");
        secretNames = List.copyOf(secretNames);
        Objects.requireNonNull(serviceAccount, "serviceAccount");
    }

    /**
     * The names in {@code podSpec} (a pod's {@code spec} or a template's {@code spec.template.spec}). Entries that are
     * not objects with a non-empty string {@code name} are left out, as the kubelet skips them.
     */
    public static PodPullSecrets of(String namespace, JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        JsonNode secrets = podSpec.path("imagePullSecrets");
        if (secrets.isArray()) {
            for (JsonNode secret : secrets) {
                JsonNode name = secret.path("name");
                if (name.isTextual() && !name.asText().isEmpty() && !names.contains(name.asText())) {
                    names.add(name.asText());
                }
            }
        }
        JsonNode account = podSpec.path("serviceAccountName");
        return new PodPullSecrets(namespace, names, account.isTextual() && !account.asText().isEmpty()
                ? account.asText() : DEFAULT_SERVICE_ACCOUNT);
    }
}
