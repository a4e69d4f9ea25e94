package dev.vouch.kubetarget;

import dev.vouch.manifests.WorkloadId;
import dev.vouch.manifests.WorkloadKind;
import dev.vouch.reference.ImageReference;
import dev.vouch.rollout.RolloutPlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices when the set of images the watched workloads' {@code DockerImage} triggers follow changes: told of every
 * workload the informers add, update or delete, it keeps each workload's images and runs its action when a
 * workload's images differ from those it had. The images themselves are read from the informers' caches
 * ({@link KubeTarget#directImages}), which fabric8 updates before it tells the handlers. Thread-safe.
 */
final class DirectImageWatch {
    private final Map<WorkloadId, Set<ImageReference>> byWorkload = new ConcurrentHashMap<>();
    private volatile Runnable onChange = () -> { };

    /** What to run when the followed images may have changed. */
    void onChange(Runnable action) {
        this.onChange = Objects.requireNonNull(action, "action");
    }

    /** {@code object} was added or updated. */
    void seen(WorkloadKind kind, HasMetadata object) {
        Set<ImageReference> images = images(kind, object).keySet();
        Set<ImageReference> before = images.isEmpty() ? byWorkload.remove(ClusterWorkloads.id(kind, object))
                : byWorkload.put(ClusterWorkloads.id(kind, object), Set.copyOf(images));
        if (!images.equals(before == null ? Set.of() : before)) {
            onChange.run();
        }
    }

    /** {@code object} was deleted. */
    void gone(WorkloadKind kind, HasMetadata object) {
        if (byWorkload.remove(ClusterWorkloads.id(kind, object)) != null) {
            onChange.run();
        }
    }

    /** The images {@code object}'s unpaused {@code DockerImage} triggers follow, each with its places. */
    static Map<ImageReference, Set<String>> images(WorkloadKind kind, HasMetadata object) {
        if (ClusterWorkloads.annotation(object).isEmpty()) {
            return Map.of();
        }
        return RolloutPlanner.directImages(ClusterWorkloads.read(kind, object).resolveTriggers().bindings(), "");
    }
}
