package dev.vouch.kubetarget;

import dev.vouch.trigger.KubernetesNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the Kubernetes target runs.
 *
 * <p>The streams vouch follows have no namespace: they serve every watched namespace, and a trigger that names no
 * {@code from.namespace}, or its workload's own, follows them. A trigger that names another namespace asks for
 * images chosen for another team; it is followed only where {@code crossNamespace} grants it (the workload's
 * namespace maps to the namespaces whose streams it may follow, as OpenShift requires an image-puller grant in the
 * stream's namespace), and is otherwise refused with a Warning Event on the workload. No grant exists by default.
 *
 * @param name the target's name in the store's rollout records (what {@code vouch history} shows)
 * @param namespaces the namespaces whose workloads are watched; empty for all
 * @param crossNamespace for a workload namespace, the other namespaces its triggers may name
 * @param maxAttempts how many times a patch is tried when the workload changes concurrently (at least 1)
 */
public record KubeTargetSettings(String name, List<String> namespaces, Map<String, Set<String>> crossNamespace,
                                 int maxAttempts) {
    /** Tries per workload and change before the rollout is given up as conflicting. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public KubeTargetSettings {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the target needs a name");
        }
        namespaces = List.copyOf(namespaces);
        namespaces.forEach(KubeTargetSettings::checkNamespace);
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        crossNamespace.forEach((workloadNamespace, streamNamespaces) -> {
            checkNamespace(workloadNamespace);
            streamNamespaces.forEach(KubeTargetSettings::checkNamespace);
            grants.put(workloadNamespace, Set.copyOf(streamNamespaces));
        });
        crossNamespace = Map.copyOf(grants);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** Watches {@code namespaces} (all if none), without cross-namespace grants. */
    public static KubeTargetSettings of(String name, String... namespaces) {
        return new KubeTargetSettings(name, List.of(namespaces), Map.of(), DEFAULT_MAX_ATTEMPTS);
    }

    public KubeTargetSettings withCrossNamespace(Map<String, Set<String>> grants) {
        return new KubeTargetSettings(name, namespaces, grants, maxAttempts);
    }

    /** Whether a trigger of a workload in {@code workloadNamespace} may follow a stream named in {@code streamNamespace}. */
    public boolean mayFollow(String workloadNamespace, String streamNamespace) {
        return workloadNamespace.equals(streamNamespace)
                || crossNamespace.getOrDefault(workloadNamespace, Set.of()).contains(streamNamespace);
    }

    private static void checkNamespace(String namespace) {
        if (!KubernetesNames.isDnsLabel(namespace)) {
            throw new IllegalArgumentException("\"" + namespace + "\" is not a valid namespace (a DNS label)");
        }
    }
}
