package dev.vouch.gate;

import dev.vouch.reference.Digest;
import dev.vouch.store.CurrentChange;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.StreamTag;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Rollbacks that stick: {@link #undo} pins a tag to an earlier accepted digest, which imports then do not move;
 * {@link #resume} unpins it. Both tell the {@link CurrentDigestListeners} when the current digest changes.
 */
public final class Rollbacks {
    private final StateStore store;
    private final CurrentDigestListeners listeners;
    private final Clock clock;

    public Rollbacks(StateStore store, CurrentDigestListeners listeners, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Pins {@code tag} to {@code digest}, or if empty to the accepted digest the tag was at before the current one.
     *
     * @return the change, if the current digest changed (pinning the current digest changes nothing but the pin)
     * @throws dev.vouch.store.PinRefusedException if the digest is not an accepted one of the tag's history, or
     *     there is no earlier accepted digest
     */
    public Optional<CurrentDigestChange> undo(StreamTag tag, Optional<Digest> digest) throws StoreException {
        CurrentChange change = store.pin(tag.name(), digest, clock.instant());
        return notify(tag, Optional.of(change), CurrentDigestChange.Cause.UNDO);
    }

    /**
     * Unpins {@code tag}: the accepted digest it was most recently seen at becomes current again.
     *
     * @return the change, if the current digest changed
     */
    public Optional<CurrentDigestChange> resume(StreamTag tag) throws StoreException {
        return notify(tag, store.unpin(tag.name(), clock.instant()), CurrentDigestChange.Cause.RESUME);
    }

    private Optional<CurrentDigestChange> notify(StreamTag tag, Optional<CurrentChange> change,
                                                 CurrentDigestChange.Cause cause) throws StoreException {
        Optional<CurrentDigestChange> event = event(store, tag, change, cause);
        event.ifPresent(listeners::fire);
        return event;
    }

    /** The event for a committed change; none if the current digest did not actually change. */
    static Optional<CurrentDigestChange> event(StateStore store, StreamTag tag, Optional<CurrentChange> change,
                                               CurrentDigestChange.Cause cause) throws StoreException {
        if (change.isEmpty() || change.get().previous().filter(change.get().current()::equals).isPresent()) {
            return Optional.empty();
        }
        CurrentChange committed = change.get();
        HistoryEntry entry = store.entry(tag.name(), committed.current()).orElseThrow(() -> new StoreException(
                "the current digest of " + tag.name() + ", " + committed.current() + ", has no history entry"));
        return Optional.of(new CurrentDigestChange(tag, committed.previous(), committed.current(),
                committed.pinned(), cause, entry));
    }
}
