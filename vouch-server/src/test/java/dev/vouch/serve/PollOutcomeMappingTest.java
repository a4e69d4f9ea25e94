package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gate.FailureKind;
import dev.vouch.gate.ImportResult;
import dev.vouch.schedule.PollOutcome;
import dev.vouch.stream.StreamTagName;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What serve tells its scheduler about each import. */
class PollOutcomeMappingTest {
    static final StreamTagName TAG = StreamTagName.parse("app:prod");

    @Test
    void aFailureWithRetryAfterThrottlesTheRegistry() {
        ImportResult throttled = new ImportResult.Failed(TAG, Optional.empty(), "status 429", FailureKind.THROTTLED,
                Optional.of(Duration.ofSeconds(90)));
        assertThat(ServeEngine.pollOutcome(throttled)).isEqualTo(PollOutcome.throttled(Duration.ofSeconds(90)));
    }

    @Test
    void aFailureWithoutRetryAfterBacksOff() {
        for (FailureKind kind : FailureKind.values()) {
            ImportResult failed = new ImportResult.Failed(TAG, Optional.empty(), "failed", kind);
            assertThat(ServeEngine.pollOutcome(failed)).as(kind.label()).isEqualTo(PollOutcome.failed());
        }
    }

    @Test
    void aPausedTagIsASuccessfulPoll() {
        assertThat(ServeEngine.pollOutcome(new ImportResult.Paused(TAG))).isEqualTo(PollOutcome.ok());
    }
}
