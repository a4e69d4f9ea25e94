package dev.vouch.leader;

import dev.vouch.reference.Digest;
import dev.vouch.store.CurrentChange;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.ImportFailure;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.Rollout;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamTagName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that refuses every write while the {@link Fence} is closed: a replica that is not (or may no longer be) the
 * leader reads the state but never changes it. Reads pass through.
 */
public final class FencedStateStore implements StateStore {
    private final StateStore store;
    private final Fence fence;

    public FencedStateStore(StateStore store, Fence fence) {
        this.store = store;
        this.fence = fence;
    }

    private void check(String what) throws StoreException {
        if (!fence.holds()) {
            throw new StoreException(what + ": not written: this replica does not hold the lease");
        }
    }

    @Override
    public TagState tagState(StreamTagName tag) throws StoreException {
        return store.tagState(tag);
    }

    @Override
    public List<TagState> tagStates() throws StoreException {
        return store.tagStates();
    }

    @Override
    public Optional<HistoryEntry> entry(StreamTagName tag, Digest digest) throws StoreException {
        return store.entry(tag, digest);
    }

    @Override
    public List<HistoryEntry> history(StreamTagName tag) throws StoreException {
        return store.history(tag);
    }

    @Override
    public Optional<CurrentChange> recordVerdict(StreamTagName tag, Digest digest, RecordedVerdict verdict,
                                                 String policyDigest, Instant time) throws StoreException {
        check("recording the verdict on " + tag + "@" + digest);
        return store.recordVerdict(tag, digest, verdict, policyDigest, time);
    }

    @Override
    public Optional<CurrentChange> recordSeen(StreamTagName tag, Digest digest, Instant time) throws StoreException {
        check("recording that " + tag + " points at " + digest);
        return store.recordSeen(tag, digest, time);
    }

    @Override
    public void recordFailure(StreamTagName tag, ImportFailure failure) throws StoreException {
        check("recording a failed import of " + tag);
        store.recordFailure(tag, failure);
    }

    @Override
    public List<ImportFailure> failures(StreamTagName tag) throws StoreException {
        return store.failures(tag);
    }

    @Override
    public CurrentChange pin(StreamTagName tag, Optional<Digest> digest, Instant time) throws StoreException {
        check("pinning " + tag);
        return store.pin(tag, digest, time);
    }

    @Override
    public Optional<CurrentChange> unpin(StreamTagName tag, Instant time) throws StoreException {
        check("unpinning " + tag);
        return store.unpin(tag, time);
    }

    @Override
    public void recordRollout(StreamTagName tag, Digest digest, Rollout rollout) throws StoreException {
        check("recording a rollout of " + tag + "@" + digest);
        store.recordRollout(tag, digest, rollout);
    }

    @Override
    public void close() throws StoreException {
        store.close();
    }
}
