package dev.vouch.schedule;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The polls due on one registry, started in order within its {@link RegistryLimits}, and held back while the
 * registry asked to wait ({@code Retry-After}).
 */
final class RegistryLane {
    private final RegistryLimits limits;
    private final PollScheduler scheduler;
    private final Deque<FollowedTag> ready = new ArrayDeque<>();
    private int running;
    private long nextStartNanos = System.nanoTime();
    private long pausedUntilNanos = System.nanoTime();
    private boolean wakeUpScheduled;

    RegistryLane(RegistryLimits limits, PollScheduler scheduler) {
        this.limits = limits;
        this.scheduler = scheduler;
    }

    PollScheduler scheduler() {
        return scheduler;
    }

    synchronized void enqueue(FollowedTag tag) {
        ready.add(tag);
        dispatch();
    }

    synchronized void finished(PollOutcome outcome) {
        running--;
        outcome.retryAfter().ifPresent(delay -> {
            long until = System.nanoTime() + delay.toNanos();
            if (until - pausedUntilNanos > 0) {
                pausedUntilNanos = until;
            }
        });
        dispatch();
    }

    private void dispatch() {
        while (!ready.isEmpty() && running < limits.maxConcurrent()) {
            long now = System.nanoTime();
            long earliest = pausedUntilNanos - nextStartNanos > 0 ? pausedUntilNanos : nextStartNanos;
            if (earliest - now > 0) {
                wakeUpAt(earliest - now);
                return;
            }
            FollowedTag tag = ready.poll();
            if (tag.isStopped()) {
                continue;
            }
            running++;
            nextStartNanos = now + limits.minSpacing().toNanos();
            tag.markRunning();
            scheduler.run(tag::runPoll);
        }
    }

    private void wakeUpAt(long delayNanos) {
        if (wakeUpScheduled) {
            return;
        }
        wakeUpScheduled = true;
        scheduler.schedule(() -> {
            synchronized (this) {
                wakeUpScheduled = false;
                dispatch();
            }
        }, Duration.ofNanos(delayNanos));
    }
}
