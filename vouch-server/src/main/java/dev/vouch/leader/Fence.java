package dev.vouch.leader;

/**
 * Whether this process may write now: checked immediately before each write to the cluster (a workload patch, a
 * stream's status). A replica that lost, or may have lost, the lease fails it before another replica can hold it.
 */
@FunctionalInterface
public interface Fence {
    /** Always open: a process that works alone. */
    Fence OPEN = () -> true;

    boolean holds();
}
