package dev.vouch.schedule;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When the next poll of a tag is due. Pure functions, so the spreading and backoff rules are tested on their own.
 */
final class PollDelays {
    /** Polls after a success are spread by this fraction of the interval either way. */
    static final double JITTER = 0.1;
    /** The first retry after a failure; it doubles per consecutive failure, up to the interval. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);

    private PollDelays() {
    }

    /** The first poll of a newly followed tag: anywhere within one interval, so many tags do not start together. */
    static Duration first(Duration interval, RandomGenerator random) {
        return Duration.ofNanos((long) (random.nextDouble() * interval.toNanos()));
    }

    /** After a successful poll: the interval, moved by up to {@link #JITTER} of it either way. */
    static Duration afterSuccess(Duration interval, RandomGenerator random) {
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) (interval.toNanos() * factor));
    }

    /**
     * After the {@code consecutiveFailures}-th failure in a row (1 for the first): exponential backoff from
     * {@link #FIRST_RETRY}, never longer than the interval, and never before the registry's Retry-After.
     */
    static Duration afterFailure(Duration interval, int consecutiveFailures, Duration retryAfter) {
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 20);
        long backoff = Math.min(FIRST_RETRY.toNanos() << doublings, interval.toNanos());
        return Duration.ofNanos(Math.max(backoff, retryAfter.toNanos()));
    }
}
