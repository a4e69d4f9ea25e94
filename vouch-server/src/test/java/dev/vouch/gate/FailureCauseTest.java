package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.registry.RegistryAuthenticationException;
import dev.vouch.registry.RegistryResponseException;
import dev.vouch.registry.RegistryUnreachableException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gate's reading of a failure (the registry's part is {@code RegistryFailure}'s, tested in vouch-core). */
class FailureCauseTest {
    static final String HOST = "registry.example:5000";

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("the tag is missing", new TagNotFoundException("no manifest for team/app:prod"),
                        FailureKind.NOT_FOUND, Optional.empty()),
                Arguments.of("connection refused, wrapped by the transport", new IOException("reading",
                        new RegistryUnreachableException(HOST, null, "GET failed", new ConnectException())),
                        FailureKind.UNREACHABLE, Optional.empty()),
                Arguments.of("429 with Retry-After", new RegistryResponseException(HOST, "team/app", "429", 429,
                        Optional.of(Duration.ofSeconds(30))), FailureKind.THROTTLED,
                        Optional.of(Duration.ofSeconds(30))),
                Arguments.of("a day's Retry-After is cut to an hour", new RegistryResponseException(HOST, "team/app",
                        "503", 503, Optional.of(Duration.ofDays(1))), FailureKind.SERVER_ERROR,
                        Optional.of(FailureCause.MAX_RETRY_AFTER)),
                Arguments.of("credentials refused", new RegistryAuthenticationException(HOST, "team/app", "401"),
                        FailureKind.UNAUTHORIZED, Optional.empty()),
                Arguments.of("a 404 other than the tag's", new RegistryResponseException(HOST, "team/app", "404", 404),
                        FailureKind.OTHER, Optional.empty()),
                Arguments.of("a local layout", new IOException("no image named \"app\""), FailureKind.OTHER,
                        Optional.empty()),
                Arguments.of("a bug", new IllegalStateException("closed"), FailureKind.OTHER, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifiesTheFailure(String scenario, Exception failure, FailureKind kind, Optional<Duration> retryAfter) {
        assertThat(FailureCause.of(failure)).isEqualTo(new FailureCause(kind, retryAfter));
    }

    @Test
    void labelsAreTheBoundedSetOfMetricLabelValues() {
        assertThat(Arrays.stream(FailureKind.values()).map(FailureKind::label)).containsExactly("unreachable",
                "throttled", "server_error", "unauthorized", "not_found", "store", "other");
    }
}
