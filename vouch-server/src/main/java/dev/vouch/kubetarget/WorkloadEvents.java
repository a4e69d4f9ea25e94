package dev.vouch.kubetarget;

import dev.vouch.kubeevents.CoreEvents;
import dev.vouch.log.JsonLog;
import dev.vouch.manifests.WorkloadKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Records core/v1 Events on workloads, as {@code kubectl describe} shows them. A failure is logged, not thrown. */
final class WorkloadEvents {
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
        CoreEvents.Subject subject = new CoreEvents.Subject(kind.apiVersion(), kind.kind(), namespace, name,
                Optional.ofNullable(workload.getMetadata().getUid()),
                Optional.ofNullable(workload.getMetadata().getResourceVersion()));
        Event event = CoreEvents.event(subject, CoreEvents.newName(subject), type, reason, message, clock.instant());
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            log.error("kube.event_failed", Map.of("workload", kind.resourceName() + "/" + name, "namespace",
                    namespace, "reason", reason, "error", String.valueOf(e.getMessage())));
        }
    }
}
