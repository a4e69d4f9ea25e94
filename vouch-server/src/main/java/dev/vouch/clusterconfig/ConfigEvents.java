package dev.vouch.clusterconfig;

import dev.vouch.kubeevents.CoreEvents;
import dev.vouch.log.JsonLog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Warning Events on the ConfigMap or Secret whose new content was not used, as {@code kubectl describe} shows them.
 * A failure to record one is logged, not thrown: the mirror goes on with the last valid files.
 */
final class ConfigEvents {
    /** The policy ConfigMap's new content is invalid. */
    static final String INVALID_POLICY = "InvalidPolicy";
    /** A registries.d or keys object's new content is invalid. */
    static final String INVALID_CONFIGURATION = "InvalidConfiguration";

    private final KubernetesClient client;
    private final Clock clock;
    private final JsonLog log;

    ConfigEvents(KubernetesClient client, Clock clock, JsonLog log) {
        this.client = client;
        this.clock = clock;
        this.log = log;
    }

    void warning(ClusterObject object, HasMetadata resource, String reason, String message) {
        String namespace = resource.getMetadata().getNamespace();
        CoreEvents.Subject subject = new CoreEvents.Subject("v1", object.kind().kind(), namespace, object.name(),
                Optional.ofNullable(resource.getMetadata().getUid()),
                Optional.ofNullable(resource.getMetadata().getResourceVersion()));
        try {
            client.v1().events().inNamespace(namespace).resource(CoreEvents.event(subject, CoreEvents.newName(subject),
                    "Warning", reason, message, clock.instant())).create();
        } catch (KubernetesClientException e) {
            log.error("clusterconfig.event_failed", Map.of("object", object.label(namespace), "reason", reason,
                    "error", String.valueOf(e.getMessage())));
        }
    }
}
