package dev.vouch.serve;

import dev.vouch.gate.CurrentDigestListener;
import dev.vouch.store.HistoryEntry;
import dev.vouch.stream.StreamTag;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@link ServeEngine} rolls verified digests out to ({@link GitServeTarget}: manifests in Git;
 * {@link ClusterServeTarget}: workloads through the Kubernetes API), and where the tags it follows at run time come
 * from. Told about each change of a current digest as a {@link CurrentDigestListener}.
 */
public interface ServeTarget extends CurrentDigestListener, AutoCloseable {

    /** Submits {@code tag}'s current digest again: completes an interrupted rollout, changes nothing where it is done. */
    void resubmit(StreamTag tag, HistoryEntry current);

    /** Submits {@code current} unless this process last submitted it for {@code tag} (catches others' pins). */
    void ensureSubmitted(StreamTag tag, HistoryEntry current);

    /** An import found {@code tag} at {@code entry}'s digest, which the policy rejects. */
    default void rejected(StreamTag tag, HistoryEntry entry) {
    }

    /**
     * The tags to follow besides those of {@code vouch.yaml}, each with the places that use it (a resubmit is due when
     * a place is added), as they are now; empty if they cannot be read now (nothing then changes).
     */
    Optional<Map<StreamTag, Set<String>>> runtimeTags();

    /** What the log says the target is. */
    String describe();

    @Override
    void close();
}
