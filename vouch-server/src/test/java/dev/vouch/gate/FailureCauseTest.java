package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.registry.RegistryAuthenticationException;
import dev.vouch.registry.RegistryException;
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

class FailureCauseTest {
    static final String HOST = "registry.example:5000";

    static RegistryResponseException status(int status, Optional<Duration> retryAfter) {
        return new RegistryResponseException(HOST, "team/app", "status " + status, status, retryAfter);
    }

    /** As the docker transport wraps the client's exceptions. */
    static IOException wrapped(Exception cause) {
        return new IOException("reading docker://" + HOST + "/team/app:prod: " + cause.getMessage(), cause);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connection refused", new RegistryUnreachableException(HOST, null, "GET failed",
                        new ConnectException()), FailureKind.UNREACHABLE, Optional.empty()),
                Arguments.of("unreachable, wrapped twice", wrapped(wrapped(new RegistryUnreachableException(HOST,
                        "team/app", "HEAD failed", new ConnectException()))), FailureKind.UNREACHABLE,
                        Optional.empty()),
                Arguments.of("429 with Retry-After", status(429, Optional.of(Duration.ofSeconds(30))),
                        FailureKind.THROTTLED, Optional.of(Duration.ofSeconds(30))),
                Arguments.of("429 without Retry-After", status(429, Optional.empty()), FailureKind.THROTTLED,
                        Optional.empty()),
                Arguments.of("503 with Retry-After, wrapped", wrapped(status(503, Optional.of(Duration.ofSeconds(7)))),
                        FailureKind.SERVER_ERROR, Optional.of(Duration.ofSeconds(7))),
                Arguments.of("500", status(500, Optional.empty()), FailureKind.SERVER_ERROR, Optional.empty()),
                Arguments.of("a day's Retry-After is cut to an hour", status(429, Optional.of(Duration.ofDays(1))),
                        FailureKind.THROTTLED, Optional.of(FailureCause.MAX_RETRY_AFTER)),
                Arguments.of("credentials refused", wrapped(new RegistryAuthenticationException(HOST, "team/app",
                        "the registry refused access (status 401)")), FailureKind.UNAUTHORIZED, Optional.empty()),
                Arguments.of("403 from the ping", status(403, Optional.empty()), FailureKind.UNAUTHORIZED,
                        Optional.empty()),
                Arguments.of("the tag is missing", new TagNotFoundException("no manifest for team/app:prod"),
                        FailureKind.NOT_FOUND, Optional.empty()),
                Arguments.of("a 404 other than the tag's", status(404, Optional.empty()), FailureKind.OTHER,
                        Optional.empty()),
                Arguments.of("another registry error", new RegistryException(HOST, "team/app", "invalid digest"),
                        FailureKind.OTHER, Optional.empty()),
                Arguments.of("a local layout", new IOException("no image named \"app\""), FailureKind.OTHER,
                        Optional.empty()),
                Arguments.of("a bug", new IllegalStateException("closed"), FailureKind.OTHER, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifiesTheFailureFromTheExceptionOrItsCauses(String scenario, Exception failure, FailureKind kind,
                                                         Optional<Duration> retryAfter) {
        assertThat(FailureCause.of(failure)).isEqualTo(new FailureCause(kind, retryAfter));
    }

    @Test
    void labelsAreTheBoundedSetOfMetricLabelValues() {
        assertThat(Arrays.stream(FailureKind.values()).map(FailureKind::label)).containsExactly("unreachable",
                "throttled", "server_error", "unauthorized", "not_found", "store", "other");
    }
}
