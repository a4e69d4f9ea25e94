package dev.vouch.gate;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners the {@link Importer} and {@link Rollbacks} of one process tell about changes. Thread-safe. */
public final class CurrentDigestListeners {
    private static final System.Logger LOG = System.getLogger(CurrentDigestListeners.class.getName());
    private final List<CurrentDigestListener> listeners = new CopyOnWriteArrayList<>();

    public void add(CurrentDigestListener listener) {
        listeners.add(listener);
    }

    public void remove(CurrentDigestListener listener) {
        listeners.remove(listener);
    }

    void fire(CurrentDigestChange change) {
        for (CurrentDigestListener listener : listeners) {
            try {
                listener.currentDigestChanged(change);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a listener failed on the change of " + change.tag().name() + " to "
                        + change.current(), e);
            }
        }
    }
}
