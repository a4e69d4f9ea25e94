package dev.vouch.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one poll ended, as far as scheduling is concerned: {@link #ok()} (next poll after the interval),
 * {@link #failed()} (retried sooner, with exponential backoff, until it works again) or {@link #throttled} (the
 * registry answered 429 or 503 with {@code Retry-After}: no poll of any tag of that registry starts before then).
 */
public record PollOutcome(boolean succeeded, Optional<Duration> retryAfter) {

    public PollOutcome {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (succeeded && retryAfter.isPresent()) {
            throw new IllegalArgumentException("a successful poll has no Retry-After");
        }
        retryAfter.ifPresent(delay -> {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("Retry-After must not be negative");
            }
        });
    }

    public static PollOutcome ok() {
        return new PollOutcome(true, Optional.empty());
    }

    public static PollOutcome failed() {
        return new PollOutcome(false, Optional.empty());
    }

    public static PollOutcome throttled(Duration retryAfter) {
        return new PollOutcome(false, Optional.of(retryAfter));
    }
}
