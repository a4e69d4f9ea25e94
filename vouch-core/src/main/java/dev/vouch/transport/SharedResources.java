package dev.vouch.transport;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Things worth keeping between images opened with one {@link SourceContext}, so that verifying many images does
 * not repeat work: a registry client per registry and credentials (its connections and tokens), the TLS settings of
 * a registry, the loaded registries.d. Transports look their resources up by key and create them on first use; an
 * image source never closes a shared resource: {@link #close()} does, when the caller is done with every image.
 * Safe for concurrent use.
 */
public final class SharedResources implements Closeable {
    /** A resource that can fail to be created. */
    @FunctionalInterface
    public interface Factory<T> {
        T create() throws IOException;
    }

    private final Map<Object, Object> resources = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private boolean closed;

    /**
     * The resource stored under {@code key}, created by {@code factory} if there is none yet (creation runs at most
     * once per key; a failed creation is not remembered). {@code key} must identify everything the resource depends
     * on, e.g. a registry together with the credentials and TLS settings used for it.
     */
    public <T> T get(Object key, Class<T> type, Factory<? extends T> factory) throws IOException {
        Object found = resources.get(key);
        if (found == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("shared resources already closed");
                }
                found = resources.get(key);
                if (found == null) {
                    found = factory.create();
                    resources.put(key, found);
                    if (found instanceof AutoCloseable closeable) {
                        closeables.add(closeable);
                    }
                }
            }
        }
        return type.cast(found);
    }

    /** Closes every resource created, newest first. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // closing releases connections and forgets tokens; nothing to report
            }
        }
        closeables.clear();
        resources.clear();
    }
}
