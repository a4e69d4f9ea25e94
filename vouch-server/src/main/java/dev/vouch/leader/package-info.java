/**
 * Leader election among the replicas of {@code vouch serve} in a cluster, through a {@code coordination.k8s.io/v1}
 * Lease ({@link dev.vouch.leader.LeaderElection}), and the {@link dev.vouch.leader.Fence} that keeps a replica that
 * may have lost the lease from writing.
 */
package dev.vouch.leader;
