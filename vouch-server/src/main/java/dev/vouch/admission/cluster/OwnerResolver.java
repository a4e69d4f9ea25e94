package dev.vouch.admission.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the workload that owns an admitted object: a Pod's controller ({@code ownerReferences} with
 * {@code controller: true}); for a ReplicaSet owned by a Deployment, that Deployment; for a Job owned by a CronJob,
 * that CronJob (the ReplicaSet or Job is read through the API, {@code get replicasets/jobs}, and the answer kept
 * {@link #KEEP}); a ReplicaSet's or Job's own controller likewise. Any other object (a Deployment, StatefulSet,
 * DaemonSet, CronJob...), and one without a controller, is its own target. Runs on the Event writer's thread, never on an
 * admission request's.
 */
final class OwnerResolver {
    static final Duration KEEP = Duration.ofMinutes(10);
    /** Kinds whose objects controllers create: their Events go to the controller; other workloads keep theirs. */
    static final Set<String> CONTROLLED = Set.of("Pod", "ReplicaSet", "Job");
    private static final int CAPACITY = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Kept> owners = new LinkedHashMap<>();

    private record Kept(EventTarget target, Instant until) {
    }

    OwnerResolver(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * The target for an object of {@code kind} ({@code apiVersion}) named {@code name} (may be empty for a pod whose
     * name the API server generates), with {@code metadata} as admitted; empty if it cannot be named at all.
     */
    Optional<EventTarget> targetOf(String apiVersion, String kind, String namespace, String name,
                                   JsonNode metadata) {
        Optional<EventTarget> controller = CONTROLLED.contains(kind)
                ? controllerOf(namespace, metadata.path("ownerReferences")) : Optional.empty();
        if (controller.isPresent()) {
            return Optional.of(ownerOf(controller.get()));
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        JsonNode uid = metadata.path("uid");
        return Optional.of(new EventTarget(apiVersion, kind, namespace, name,
                uid.isTextual() && !uid.asText().isEmpty() ? Optional.of(uid.asText()) : Optional.empty()));
    }

    /** The reference marked {@code controller: true}, if any. */
    private static Optional<EventTarget> controllerOf(String namespace, JsonNode references) {
        if (!references.isArray()) {
            return Optional.empty();
        }
        for (JsonNode reference : references) {
            if (reference.path("controller").asBoolean(false) && reference.path("kind").isTextual()
                    && reference.path("name").isTextual() && reference.path("apiVersion").isTextual()) {
                JsonNode uid = reference.path("uid");
                return Optional.of(new EventTarget(reference.get("apiVersion").asText(), reference.get("kind").asText(),
                        namespace, reference.get("name").asText(),
                        uid.isTextual() ? Optional.of(uid.asText()) : Optional.empty()));
            }
        }
        return Optional.empty();
    }

    /** A ReplicaSet's Deployment, a Job's CronJob, else {@code direct} itself. */
    private EventTarget ownerOf(EventTarget direct) {
        boolean replicaSet = direct.kind().equals("ReplicaSet") && direct.apiVersion().equals("apps/v1");
        boolean job = direct.kind().equals("Job") && direct.apiVersion().equals("batch/v1");
        if (!replicaSet && !job) {
            return direct;
        }
        String key = direct.kind() + "/" + direct.namespace() + "/" + direct.name() + "/" + direct.uid().orElse("");
        Instant now = clock.instant();
        Kept kept = owners.get(key);
        if (kept != null && now.isBefore(kept.until())) {
            return kept.target();
        }
        EventTarget target = direct;
        try {
            HasMetadata read = replicaSet
                    ? client.apps().replicaSets().inNamespace(direct.namespace()).withName(direct.name()).get()
                    : client.batch().v1().jobs().inNamespace(direct.namespace()).withName(direct.name()).get();
            String wanted = replicaSet ? "Deployment" : "CronJob";
            List<OwnerReference> references = read == null ? List.of() : read.getMetadata().getOwnerReferences();
            for (OwnerReference reference : references == null ? List.<OwnerReference>of() : references) {
                if (Boolean.TRUE.equals(reference.getController()) && wanted.equals(reference.getKind())) {
                    target = new EventTarget(reference.getApiVersion(), reference.getKind(), direct.namespace(),
                            reference.getName(), Optional.ofNullable(reference.getUid()));
                }
            }
        } catch (KubernetesClientException e) {
            // not readable (gone, or no permission): the Event goes on the direct owner
        }
        if (owners.size() >= CAPACITY) {
            owners.clear();
        }
        owners.put(key, new Kept(target, now.plus(KEEP)));
        return target;
    }
}
