package dev.vouch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PollDelaysTest {
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    @Test
    void spreadsFirstPollsOverOneInterval() {
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long delay = PollDelays.first(FIFTEEN_MINUTES, random).toSeconds();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(10);
        assertThat(max).isBetween(890L, 899L);
    }

    @Test
    void keepsLaterPollsWithinTenPercentOfTheInterval() {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            Duration delay = PollDelays.afterSuccess(FIFTEEN_MINUTES, random);
            assertThat(delay).isBetween(Duration.ofSeconds(810), Duration.ofSeconds(990));
        }
    }

    @ParameterizedTest(name = "failure {1} with interval {0}s and Retry-After {2}s waits {3}s")
    @CsvSource({
        "900, 1, 0, 5",
        "900, 2, 0, 10",
        "900, 3, 0, 20",
        "900, 8, 0, 640",
        "900, 9, 0, 900",
        "900, 500, 0, 900",
        "30, 4, 0, 30",
        "900, 1, 120, 120",
        "900, 9, 3600, 3600",
        "30, 1, 60, 60",
    })
    void backsOffExponentiallyUpToTheIntervalButNeverBeforeRetryAfter(
            long intervalSeconds, int failures, long retryAfterSeconds, long expectedSeconds) {
        Duration delay = PollDelays.afterFailure(Duration.ofSeconds(intervalSeconds), failures,
                Duration.ofSeconds(retryAfterSeconds));
        assertThat(delay).isEqualTo(Duration.ofSeconds(expectedSeconds));
    }
}
