package dev.vouch.kubetarget;

import dev.vouch.log.JsonLog;
import dev.vouch.manifests.WorkloadKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Records core/v1 Events on workloads, as {@code kubectl describe} shows them. A failure is logged, not thrown. */
final class WorkloadEvents {
    /** The Event source and reporting component. */
    static final String COMPONENT = "vouch";
    /** A digest was rolled out to a container. */
    static final String ROLLED_OUT = "ImageRolledOut";
    /** A trigger was not acted on: another namespace without a grant, a tag vouch does not follow. */
    static final String REFUSED = "TriggerRefused";
    /** The trigger annotation is malformed or a trigger does not resolve to a container. */
    static final String INVALID = "InvalidTrigger";
    /** An import found a followed tag at a digest the policy rejects; the workload is left as it is. */
    static final String REJECTED = "ImageRejected";
    /** Patching the workload failed. */
    static final String FAILED = "RolloutFailed";
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final Clock clock;
    private final JsonLog log;

    WorkloadEvents(KubernetesClient client, Clock clock, JsonLog log) {
        this.client = client;
        this.clock = clock;
        this.log = log;
    }

    void normal(WorkloadKind kind, HasMetadata workload, String reason, String message) {
        record(kind, workload, "Normal", reason, message);
    }

    void warning(WorkloadKind kind, HasMetadata workload, String reason, String message) {
        record(kind, workload, "Warning", reason, message);
    }

    private void record(WorkloadKind kind, HasMetadata workload, String type, String reason, String message) {
        String namespace = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        String now = clock.instant().toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(kind.apiVersion())
                .withKind(kind.kind())
                .withNamespace(namespace)
                .withName(name)
                .withUid(workload.getMetadata().getUid())
                .withResourceVersion(workload.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            log.error("kube.event_failed", Map.of("workload", kind.resourceName() + "/" + name, "namespace",
                    namespace, "reason", reason, "error", String.valueOf(e.getMessage())));
        }
    }
}
