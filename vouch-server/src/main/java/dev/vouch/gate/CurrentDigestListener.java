package dev.vouch.gate;

/**
 * Told when a tag's current digest changes (after the change is committed): the hook for rollouts. Called on the
 * thread that made the change, once per change, in the order of the changes of one tag; an exception is logged and
 * does not undo the change or stop other listeners. A listener that acts slowly should hand the work to its own
 * thread; one that must not miss a change across restarts compares {@link dev.vouch.store.StateStore#tagStates()}
 * with the rollouts it recorded when it starts.
 */
@FunctionalInterface
public interface CurrentDigestListener {

    void currentDigestChanged(CurrentDigestChange change);
}
