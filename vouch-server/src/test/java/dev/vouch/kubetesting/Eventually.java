package dev.vouch.kubetesting;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting for what a watch or a background writer does: polls a condition until it holds or time runs out. */
public final class Eventually {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} after {@link #TIMEOUT}. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
