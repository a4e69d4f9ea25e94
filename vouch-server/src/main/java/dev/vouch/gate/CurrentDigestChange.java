package dev.vouch.gate;

import dev.vouch.reference.Digest;
import dev.vouch.store.HistoryEntry;
import dev.vouch.stream.StreamTag;
import java.util.Objects;
import java.util.Optional;

/**
 * A tag's current digest changed, and the change is committed to the store.
 *
 * @param tag the tag, with the source it follows ({@code tag.from()})
 * @param previous the digest that was current before, empty if none was
 * @param current the new current digest: always one the policy accepted for the tag's identity
 * @param pinned whether the tag is now pinned (by {@code vouch rollout undo}) to {@code current}
 * @param cause what changed it
 * @param entry the history entry of {@code current}: its verdict (signers) and earlier rollouts
 */
public record CurrentDigestChange(StreamTag tag, Optional<Digest> previous, Digest current, boolean pinned,
                                  Cause cause, HistoryEntry entry) {

    /** What moved the current digest. */
    public enum Cause {
        /** An import saw the tag at an accepted digest. */
        IMPORT,
        /** {@code vouch rollout undo} pinned the tag to an earlier accepted digest. */
        UNDO,
        /** {@code vouch rollout resume} unpinned the tag, and its newest accepted digest became current again. */
        RESUME
    }

    public CurrentDigestChange {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(entry, "entry");
        if (!entry.digest().equals(current) || !entry.accepted()) {
            throw new IllegalArgumentException("the entry must be the accepted entry of " + current);
        }
    }
}
