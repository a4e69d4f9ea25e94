package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Values starting with "transient" are not kept; others for one minute. */
    private SingleFlightCache<String, String> cache(int capacity) {
        return new SingleFlightCache<>(capacity,
                value -> value.startsWith("transient") ? Duration.ZERO : Duration.ofMinutes(1), executor, clock);
    }

    @Test
    void concurrentRequestsForOneKeyShareOneComputation() throws Exception {
        SingleFlightCache<String, String> cache = cache(10);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger computations = new AtomicInteger();
        CompletableFuture<String> first = cache.get("k", () -> {
            computations.incrementAndGet();
            await(release);
            return "verdict";
        });
        CompletableFuture<String> second = cache.get("k", () -> {
            computations.incrementAndGet();
            return "other";
        });
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("verdict");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("verdict");
        assertThat(cache.get("k", () -> "recomputed").get(5, TimeUnit.SECONDS)).isEqualTo("verdict");
        assertThat(computations).hasValue(1);
    }

    @Test
    void aValueExpiresAfterItsLifetime() throws Exception {
        SingleFlightCache<String, String> cache = cache(10);
        assertThat(cache.get("k", () -> "one").get(5, TimeUnit.SECONDS)).isEqualTo("one");
        await(cache, 1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("k", () -> "two").get(5, TimeUnit.SECONDS)).isEqualTo("one");
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("k", () -> "two").get(5, TimeUnit.SECONDS)).isEqualTo("two");
    }

    @Test
    void peekGivesOnlyAFreshKeptValueAndNeverComputes() throws Exception {
        SingleFlightCache<String, String> cache = cache(10);
        assertThat(cache.peek("k")).isEmpty();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> running = cache.get("k", () -> {
            await(release);
            return "one";
        });
        assertThat(cache.peek("k")).as("in flight").isEmpty();
        release.countDown();
        running.get(5, TimeUnit.SECONDS);
        await(cache, 1);
        assertThat(cache.peek("k")).contains("one");
        cache.get("t", () -> "transient: timeout").get(5, TimeUnit.SECONDS);
        assertThat(cache.peek("t")).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.peek("k")).as("expired").isEmpty();
        assertThat(cache.size()).as("peek computes nothing; it drops the expired value").isZero();
    }

    @Test
    void transientResultsAndFailuresAreNotKept() throws Exception {
        SingleFlightCache<String, String> cache = cache(10);
        assertThat(cache.get("k", () -> "transient: 429").get(5, TimeUnit.SECONDS)).startsWith("transient");
        CompletableFuture<String> failed = cache.get("j", () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(cache.get("k", () -> "ok").get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(cache.get("j", () -> "ok").get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    @Test
    void invalidationDropsValuesAndKeepsNothingFromComputationsStartedBefore() throws Exception {
        SingleFlightCache<String, String> cache = cache(10);
        cache.get("k", () -> "old policy").get(5, TimeUnit.SECONDS);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> running = cache.get("j", () -> {
            await(release);
            return "started before";
        });
        cache.invalidateAll();
        release.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("started before");
        assertThat(cache.get("k", () -> "new policy").get(5, TimeUnit.SECONDS)).isEqualTo("new policy");
        assertThat(cache.get("j", () -> "fresh").get(5, TimeUnit.SECONDS)).isEqualTo("fresh");
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() throws Exception {
        SingleFlightCache<String, String> cache = cache(2);
        for (String key : new String[] {"a", "b", "c"}) {
            cache.get(key, () -> key).get(5, TimeUnit.SECONDS);
        }
        await(cache, 2);
        assertThat(cache.get("a", () -> "a again").get(5, TimeUnit.SECONDS)).isEqualTo("a again");
        assertThat(cache.get("c", () -> "c again").get(5, TimeUnit.SECONDS)).isEqualTo("c");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The completion handler stores a value just after the future completes. */
    private static void await(SingleFlightCache<?, ?> cache, int size) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (cache.size() < size && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }
}
