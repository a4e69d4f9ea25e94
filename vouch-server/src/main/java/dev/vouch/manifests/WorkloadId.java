package dev.vouch.manifests;

import java.util.Objects;

/** Which workload of a file: its kind, namespace ({@code ""} when the manifest has none) and name. */
public record WorkloadId(WorkloadKind kind, String namespace, String name) {

    public WorkloadId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** {@code deployment/web}, or {@code deployment/web -n prod} when a namespace is set. */
    @Override
    public String toString() {
        return kind.resourceName() + "/" + name + (namespace.isEmpty() ? "" : " -n " + namespace);
    }
}
