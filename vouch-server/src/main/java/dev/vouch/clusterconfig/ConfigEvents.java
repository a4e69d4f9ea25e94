package dev.vouch.clusterconfig;

import dev.vouch.log.JsonLog;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Warning Events on the ConfigMap or Secret whose new content was not used, as {@code kubectl describe} shows them.
 * A failure to record one is logged, not thrown: the mirror goes on with the last valid files.
 */
final class ConfigEvents {
    /** The policy ConfigMap's new content is invalid. */
    static final String INVALID_POLICY = "InvalidPolicy";
    /** A registries.d or keys object's new content is invalid. */
    static final String INVALID_CONFIGURATION = "InvalidConfiguration";
    private static final int MAX_MESSAGE = 1024;

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
        String now = clock.instant().toString();
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(object.name() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("v1")
                    .withKind(object.kind().kind())
                    .withNamespace(namespace)
                    .withName(object.name())
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType("Warning")
                    .withReason(reason)
                    .withMessage(text)
                    .withNewSource().withComponent("vouch").endSource()
                    .withReportingComponent("vouch")
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            log.error("clusterconfig.event_failed", Map.of("object", object.label(namespace), "reason", reason,
                    "error", String.valueOf(e.getMessage())));
        }
    }
}
