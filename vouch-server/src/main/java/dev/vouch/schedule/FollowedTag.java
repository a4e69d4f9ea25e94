package dev.vouch.schedule;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The scheduling state of one followed tag: waiting for its next poll, queued in its registry's lane, or running.
 * A request to poll now while queued changes nothing; while running, it asks for one more poll right after.
 * Locking: this object's lock is never held while taking the lane's lock.
 */
final class FollowedTag {
    private enum State { WAITING, QUEUED, RUNNING }

    private final RegistryLane lane;
    private final Duration interval;
    private final PollTask task;
    private State state = State.WAITING;
    private ScheduledFuture<?> next;
    private boolean pollAgain;
    private boolean stopped;
    private int consecutiveFailures;

    FollowedTag(RegistryLane lane, Duration interval, PollTask task) {
        this.lane = lane;
        this.interval = interval;
        this.task = task;
    }

    synchronized void scheduleIn(Duration delay) {
        if (stopped || lane.scheduler().isClosed()) {
            return;
        }
        cancelNext();
        state = State.WAITING;
        next = lane.scheduler().schedule(this::due, delay);
    }

    void requestNow() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (state == State.RUNNING) {
                pollAgain = true;
                return;
            }
            if (state == State.QUEUED) {
                return;
            }
            cancelNext();
            state = State.QUEUED;
        }
        lane.enqueue(this);
    }

    synchronized void stop() {
        stopped = true;
        cancelNext();
    }

    synchronized boolean isStopped() {
        return stopped;
    }

    synchronized void markRunning() {
        state = State.RUNNING;
    }

    /** Runs on a worker thread. */
    void runPoll() {
        PollOutcome outcome;
        try {
            outcome = task.poll();
        } catch (RuntimeException e) {
            outcome = PollOutcome.failed();
        }
        lane.finished(outcome);
        Duration delay;
        synchronized (this) {
            if (outcome.succeeded()) {
                consecutiveFailures = 0;
                delay = PollDelays.afterSuccess(interval, lane.scheduler().random());
            } else {
                consecutiveFailures++;
                delay = PollDelays.afterFailure(interval, consecutiveFailures,
                        outcome.retryAfter().orElse(Duration.ZERO));
            }
            if (pollAgain) {
                pollAgain = false;
                delay = Duration.ZERO; // the lane still holds it back while the registry asked to wait
            }
        }
        scheduleIn(delay);
    }

    private void due() {
        synchronized (this) {
            if (stopped || state != State.WAITING) {
                return;
            }
            state = State.QUEUED;
        }
        lane.enqueue(this);
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
