package dev.vouch.stream;

import dev.vouch.kubetarget.KubeTargetSettings;
import dev.vouch.leader.LeaseSettings;
import dev.vouch.trigger.KubernetesNames;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code target.kubernetes} section of {@code vouch.yaml}: {@code vouch serve} rolls out to the workloads of a
 * cluster instead of a Git repository, keeps the streams' state in their {@code ImageStream} resources, and elects a
 * leader among its replicas.
 *
 * @param workloads the workloads watched and the cross-namespace grants ({@code namespaces}, {@code crossNamespace})
 * @param streamNamespace the namespace whose {@code ImageStream} resources are the streams followed; empty for the
 *     namespace vouch runs in
 * @param lease the Lease the replicas compete for
 */
public record ClusterTarget(KubeTargetSettings workloads, Optional<String> streamNamespace, LeaseSettings lease) {
    /** The target's name in rollout records. */
    public static final String NAME = "kubernetes";

    public ClusterTarget {
        Objects.requireNonNull(workloads, "workloads");
        Objects.requireNonNull(streamNamespace, "streamNamespace");
        Objects.requireNonNull(lease, "lease");
        streamNamespace.ifPresent(ns -> {
            if (!KubernetesNames.isDnsLabel(ns)) {
                throw new IllegalArgumentException("streamNamespace: \"" + ns + "\" is not a valid namespace");
            }
        });
    }
}
