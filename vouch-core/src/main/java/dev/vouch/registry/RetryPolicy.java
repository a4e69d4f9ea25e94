package dev.vouch.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a request answered with 429 (too many requests) or 502/503/504 is sent again, and how long to wait:
 * the server's {@code Retry-After} if it gives one, else a delay doubling from {@code initialDelay}; never longer
 * than {@code maxDelay}.
 *
 * @param maxAttempts attempts in total, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    /** Five attempts, from 2 s up to 60 s apart, as containers/image does for 429. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(60));

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** Whether a response with {@code status} may be retried. */
    static boolean retriable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}
