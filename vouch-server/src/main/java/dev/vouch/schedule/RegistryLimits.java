package dev.vouch.schedule;

import java.time.Duration;

/**
 * How hard vouch may press one registry: at most {@code maxConcurrent} polls at a time, and polls started at
 * least {@code minSpacing} apart (10 ms: at most 100 polls a second).
 */
public record RegistryLimits(int maxConcurrent, Duration minSpacing) {
    /** 4 concurrent polls, at most 20 a second. */
    public static final RegistryLimits DEFAULT = new RegistryLimits(4, Duration.ofMillis(50));

    public RegistryLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        if (minSpacing.isNegative()) {
            throw new IllegalArgumentException("minSpacing must not be negative");
        }
    }
}
