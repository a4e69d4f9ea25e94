package dev.vouch.schedule;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Polls followed tags: each at its own interval, spread with jitter, with per-registry concurrency and rate limits,
 * backoff after failures and a registry-wide pause when a registry sends {@code Retry-After}. {@link #pollNow}
 * (a registry notification, an on-demand import) runs a poll early; requests for a tag already queued or running
 * are coalesced into at most one more poll. One timer thread schedules; a small pool runs the polls.
 */
public final class PollScheduler implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Function<String, RegistryLimits> limits;
    private final RandomGenerator random;
    private final Map<String, RegistryLane> lanes = new ConcurrentHashMap<>();
    private final Map<String, FollowedTag> followed = new ConcurrentHashMap<>();

    /**
     * @param workerThreads polls running at once over all registries
     * @param limits the limits of each registry host ({@code host[:port]})
     */
    public PollScheduler(int workerThreads, Function<String, RegistryLimits> limits, RandomGenerator random) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.random = Objects.requireNonNull(random, "random");
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("vouch-poll-timer"));
        this.workers = Executors.newFixedThreadPool(workerThreads, daemon("vouch-poll"));
    }

    /**
     * Starts following {@code key} (for example {@code stream:tag}) on {@code registry}: the first poll comes within
     * one interval, later ones every interval. Following a key again replaces its task and interval.
     */
    public void follow(String key, String registry, Duration interval, PollTask task) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        RegistryLane lane = lanes.computeIfAbsent(registry, host -> new RegistryLane(limits.apply(host), this));
        FollowedTag tag = new FollowedTag(lane, interval, task);
        FollowedTag previous = followed.put(key, tag);
        if (previous != null) {
            previous.stop();
        }
        tag.scheduleIn(PollDelays.first(interval, random));
    }

    /** Stops following {@code key}; a poll already running finishes. */
    public void unfollow(String key) {
        FollowedTag tag = followed.remove(key);
        if (tag != null) {
            tag.stop();
        }
    }

    /** Polls {@code key} as soon as its registry's limits allow. Returns false if {@code key} is not followed. */
    public boolean pollNow(String key) {
        FollowedTag tag = followed.get(key);
        if (tag == null) {
            return false;
        }
        tag.requestNow();
        return true;
    }

    /**
     * Polls {@code key} once {@code delay} has passed (then as {@link #pollNow}). Returns false if {@code key} is not
     * followed now; if it is unfollowed meanwhile, nothing happens.
     */
    public boolean pollAfter(String key, Duration delay) {
        if (!followed.containsKey(key)) {
            return false;
        }
        schedule(() -> pollNow(key), delay);
        return true;
    }

    /** The number of followed tags. */
    public int size() {
        return followed.size();
    }

    RandomGenerator random() {
        return random;
    }

    /** Runs {@code action} on the timer thread after {@code delay}; null once the scheduler is closed. */
    ScheduledFuture<?> schedule(Runnable action, Duration delay) {
        try {
            return timer.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    void run(Runnable poll) {
        try {
            workers.execute(poll);
        } catch (RejectedExecutionException closed) {
            // closing: the poll is dropped with the rest of the schedule
        }
    }

    boolean isClosed() {
        return timer.isShutdown();
    }

    /** Stops scheduling; polls already running are interrupted after a short grace period. */
    @Override
    public void close() {
        followed.values().forEach(FollowedTag::stop);
        followed.clear();
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
