package dev.vouch.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Results shared by all requests: a value is computed once per key however many requests ask for it at the same
 * time (single flight), then kept for as long as {@code lifetime} says (zero: not kept, so a transient failure is
 * tried again by the next request). A computation outlives the request that started it: when a cold check takes
 * longer than one request may wait, its result still lands here for the next one. {@link #invalidateAll()} (the
 * policy or keys changed) drops every value, and a computation started before it does not store its result.
 * At most {@code capacity} values are kept; the least recently stored go first.
 */
public final class SingleFlightCache<K, V> {
    private final int capacity;
    private final Clock clock;
    private final Executor executor;
    private final Function<V, Duration> lifetime;
    private final Map<K, Entry<V>> values = new LinkedHashMap<>();
    private final Map<K, CompletableFuture<V>> inFlight = new LinkedHashMap<>();
    private long generation;

    private record Entry<V>(V value, Instant expires) {
    }

    /**
     * @param capacity how many values are kept at most
     * @param lifetime how long a computed value is kept (zero or negative: not kept)
     * @param executor where computations run
     */
    public SingleFlightCache(int capacity, Function<V, Duration> lifetime, Executor executor, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The value for {@code key}: the kept one if still fresh, else the computation in flight for it, else a new
     * computation of {@code compute}. A computation that throws completes the future exceptionally and keeps
     * nothing.
     */
    public synchronized CompletableFuture<V> get(K key, Supplier<V> compute) {
        Entry<V> entry = values.get(key);
        if (entry != null) {
            if (clock.instant().isBefore(entry.expires())) {
                return CompletableFuture.completedFuture(entry.value());
            }
            values.remove(key);
        }
        CompletableFuture<V> running = inFlight.get(key);
        if (running != null) {
            return running;
        }
        long startedIn = generation;
        CompletableFuture<V> future = CompletableFuture.supplyAsync(compute, executor);
        inFlight.put(key, future);
        future.whenComplete((value, error) -> finish(key, future, startedIn, value));
        return future;
    }

    /** The kept value for {@code key} if still fresh; never starts a computation nor waits for one. */
    public synchronized Optional<V> peek(K key) {
        Entry<V> entry = values.get(key);
        return entry != null && clock.instant().isBefore(entry.expires()) ? Optional.of(entry.value())
                : Optional.empty();
    }

    private synchronized void finish(K key, CompletableFuture<V> future, long startedIn, V value) {
        if (inFlight.get(key) == future) {
            inFlight.remove(key);
        }
        if (value == null || startedIn != generation) {
            return;
        }
        Duration keep = lifetime.apply(value);
        if (keep.isZero() || keep.isNegative()) {
            return;
        }
        values.remove(key);
        values.put(key, new Entry<>(value, clock.instant().plus(keep)));
        while (values.size() > capacity) {
            Iterator<K> oldest = values.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Drops every kept value; computations in flight finish for their callers but keep nothing. */
    public synchronized void invalidateAll() {
        generation++;
        values.clear();
        inFlight.clear();
    }

    /** How many values are kept (fresh or not yet evicted). */
    public synchronized int size() {
        return values.size();
    }
}
