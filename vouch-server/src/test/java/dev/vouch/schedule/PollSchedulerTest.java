package dev.vouch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void neverRunsMoreThanTheRegistrysConcurrentPolls() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(12);
        try (PollScheduler scheduler = new PollScheduler(8,
                host -> new RegistryLimits(2, Duration.ZERO), new Random(1))) {
            for (int i = 0; i < 12; i++) {
                scheduler.follow("s:t" + i, "r.example", LONG, () -> {
                    highest.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(30);
                    running.decrementAndGet();
                    done.countDown();
                    return PollOutcome.ok();
                });
                scheduler.pollNow("s:t" + i);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(highest.get()).isEqualTo(2);
    }

    @Test
    void registriesHaveSeparateLimits() throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (PollScheduler scheduler = new PollScheduler(4,
                host -> new RegistryLimits(1, Duration.ZERO), new Random(1))) {
            for (String registry : List.of("a.example", "b.example")) {
                scheduler.follow(registry + "/s:t", registry, LONG, () -> {
                    bothRunning.countDown();
                    await(release);
                    return PollOutcome.ok();
                });
                scheduler.pollNow(registry + "/s:t");
            }
            assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
        }
    }

    @Test
    void spacesPollStartsOnOneRegistry() throws InterruptedException {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        long before = System.nanoTime();
        try (PollScheduler scheduler = new PollScheduler(4,
                host -> new RegistryLimits(4, Duration.ofMillis(100)), new Random(1))) {
            for (int i = 0; i < 5; i++) {
                scheduler.follow("s:t" + i, "r.example", LONG, () -> {
                    starts.add(System.nanoTime());
                    done.countDown();
                    return PollOutcome.ok();
                });
                scheduler.pollNow("s:t" + i);
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
        // The k-th release comes at least k spacings after the first, which comes after 'before'; a task observes its
        // start after its release, so a slow thread can only make the bound looser, never break it.
        List<Long> sorted = starts.stream().sorted().toList();
        for (int k = 0; k < sorted.size(); k++) {
            assertThat(sorted.get(k) - before).as("start %d", k)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100L * k));
        }
    }

    @Test
    void retryAfterHoldsBackEveryTagOfThatRegistry() throws InterruptedException {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch second = new CountDownLatch(1);
        try (PollScheduler scheduler = new PollScheduler(4,
                host -> new RegistryLimits(4, Duration.ZERO), new Random(1))) {
            scheduler.follow("s:throttled", "r.example", LONG, () -> {
                starts.add(System.nanoTime());
                return PollOutcome.throttled(Duration.ofMillis(400));
            });
            scheduler.pollNow("s:throttled");
            waitUntil(() -> !starts.isEmpty());
            sleep(20);
            scheduler.follow("s:other", "r.example", LONG, () -> {
                starts.add(System.nanoTime());
                second.countDown();
                return PollOutcome.ok();
            });
            scheduler.pollNow("s:other");
            assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(390));
    }

    @Test
    void coalescesRequestsWhileAPollRunsIntoOneMorePoll() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PollScheduler scheduler = new PollScheduler(2,
                host -> new RegistryLimits(1, Duration.ZERO), new Random(1))) {
            scheduler.follow("s:t", "r.example", LONG, () -> {
                if (polls.incrementAndGet() == 1) {
                    started.countDown();
                    await(release);
                }
                return PollOutcome.ok();
            });
            scheduler.pollNow("s:t");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                scheduler.pollNow("s:t");
            }
            release.countDown();
            waitUntil(() -> polls.get() >= 2);
            sleep(200);
        }
        assertThat(polls.get()).isEqualTo(2);
    }

    @Test
    void retriesAFailedPollAndKeepsRunningAfterAnException() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        try (PollScheduler scheduler = new PollScheduler(1,
                host -> new RegistryLimits(1, Duration.ZERO), new Random(1))) {
            scheduler.follow("s:t", "r.example", Duration.ofMillis(50), () -> {
                if (polls.incrementAndGet() == 1) {
                    throw new IllegalStateException("registry exploded");
                }
                return PollOutcome.ok();
            });
            waitUntil(() -> polls.get() >= 3);
        }
    }

    @Test
    void pollsAfterTheGivenDelayAndNotBefore() throws InterruptedException {
        List<Long> starts = new CopyOnWriteArrayList<>();
        try (PollScheduler scheduler = new PollScheduler(1,
                host -> new RegistryLimits(1, Duration.ZERO), new Random(1))) {
            scheduler.follow("s:t", "r.example", LONG, () -> {
                starts.add(System.nanoTime());
                return PollOutcome.ok();
            });
            long asked = System.nanoTime();
            assertThat(scheduler.pollAfter("s:t", Duration.ofMillis(300))).isTrue();
            assertThat(scheduler.pollAfter("s:unknown", Duration.ZERO)).isFalse();
            waitUntil(() -> !starts.isEmpty());
            assertThat(starts.get(0) - asked).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(295));
        }
    }

    @Test
    void unfollowedTagsAreNotPolledAgain() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        try (PollScheduler scheduler = new PollScheduler(1,
                host -> new RegistryLimits(1, Duration.ZERO), new Random(1))) {
            scheduler.follow("s:t", "r.example", Duration.ofMillis(40), () -> {
                polls.incrementAndGet();
                return PollOutcome.ok();
            });
            waitUntil(() -> polls.get() >= 1);
            scheduler.unfollow("s:t");
            int after = polls.get();
            sleep(300);
            assertThat(polls.get()).isLessThanOrEqualTo(after + 1);
            assertThat(scheduler.pollNow("s:t")).isFalse();
            assertThat(scheduler.size()).isZero();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
