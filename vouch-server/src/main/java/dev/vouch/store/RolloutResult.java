package dev.vouch.store;

/** How a rollout of a digest to one target ended. */
public enum RolloutResult {
    /** The target now runs the digest (e.g. the manifests were committed, and pushed if configured). */
    SUCCEEDED,
    /** The target already had the digest; nothing was written. */
    UNCHANGED,
    /** Writing to the target failed; the message says why. */
    FAILED
}
