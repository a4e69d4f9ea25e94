package dev.vouch.store;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state of followed tags: each tag's current digest and pin, the history of digests with their verdicts and
 * rollouts, and failed import attempts. Every method is one transaction: it happens entirely or not at all, and
 * several processes may use the same store at once. {@link SqliteStateStore} keeps it in an SQLite database.
 *
 * <p>The current digest of a tag is always an accepted digest: the one the tag was most recently seen at among the
 * accepted ones, unless the tag is pinned (then it is the pinned digest, whatever imports see).
 */
public interface StateStore extends AutoCloseable {

    /** The tag's state; {@link TagState#empty} for a tag never imported. */
    TagState tagState(StreamTagName tag) throws StoreException;

    /** Every tag the store knows, sorted by stream and tag. */
    List<TagState> tagStates() throws StoreException;

    /** The entry of {@code digest} in the tag's history, if the tag was ever seen at it. */
    Optional<HistoryEntry> entry(StreamTagName tag, Digest digest) throws StoreException;

    /** The tag's history, the most recently seen digest first. */
    List<HistoryEntry> history(StreamTagName tag) throws StoreException;

    /**
     * Records that an import saw the tag at {@code digest} and reached {@code verdict} on it under the policy whose
     * file has {@code policyDigest}: creates or updates the history entry (keeping its first-seen time and rollouts),
     * marks the digest as the one the tag was seen at, and, if the verdict accepts it and the tag is not pinned,
     * makes it current.
     *
     * @return the change of the current digest, if there was one
     */
    Optional<CurrentChange> recordVerdict(StreamTagName tag, Digest digest, RecordedVerdict verdict,
                                          String policyDigest, Instant time) throws StoreException;

    /**
     * Records that an import saw the tag at {@code digest}, already in its history with a verdict that still holds:
     * marks it as the digest the tag was (last) seen at and, if it is accepted and the tag is not pinned, makes it
     * current. Nothing is written if the tag was already seen at it and it is current or rejected.
     *
     * @return the change of the current digest, if there was one
     * @throws StoreException if the digest has no history entry
     */
    Optional<CurrentChange> recordSeen(StreamTagName tag, Digest digest, Instant time) throws StoreException;

    /** Records an import that reached no verdict; only the latest {@link #MAX_FAILURES_KEPT} per tag are kept. */
    void recordFailure(StreamTagName tag, ImportFailure failure) throws StoreException;

    /** The tag's failed imports, the newest first. */
    List<ImportFailure> failures(StreamTagName tag) throws StoreException;

    /**
     * Pins the tag to {@code digest} (or, if empty, to the accepted digest seen before the current one): it becomes
     * current and imports no longer move it.
     *
     * @throws PinRefusedException if {@code digest} is not an accepted digest in the tag's history, or there is no
     *     earlier accepted digest to go back to
     */
    CurrentChange pin(StreamTagName tag, Optional<Digest> digest, Instant time) throws StoreException;

    /**
     * Removes the tag's pin: the accepted digest the tag was most recently seen at becomes current again.
     *
     * @return the change of the current digest, if there was one
     */
    Optional<CurrentChange> unpin(StreamTagName tag, Instant time) throws StoreException;

    /**
     * Records a rollout of {@code digest} of the tag to a target.
     *
     * @throws StoreException if the digest is not in the tag's history
     */
    void recordRollout(StreamTagName tag, Digest digest, Rollout rollout) throws StoreException;

    /** How many failed imports per tag are kept. */
    int MAX_FAILURES_KEPT = 50;

    @Override
    void close() throws StoreException;
}
