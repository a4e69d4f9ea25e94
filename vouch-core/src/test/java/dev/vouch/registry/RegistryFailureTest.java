package dev.vouch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryFailureTest {
    static final String HOST = "registry.example:5000";

    static RegistryResponseException status(int status, Optional<Duration> retryAfter) {
        return new RegistryResponseException(HOST, "team/app", "status " + status, status, retryAfter);
    }

    static IOException wrapped(Exception cause) {
        return new IOException("reading docker://" + HOST + "/team/app:prod: " + cause.getMessage(), cause);
    }

    static Optional<RegistryFailure> failure(RegistryFailure.Kind kind, int status, Optional<Duration> retryAfter) {
        return Optional.of(new RegistryFailure(kind, status == 0 ? OptionalInt.empty() : OptionalInt.of(status),
                retryAfter));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("no answer", new RegistryUnreachableException(HOST, null, "GET failed",
                        new ConnectException()), failure(RegistryFailure.Kind.UNREACHABLE, 0, Optional.empty())),
                Arguments.of("a lookaside server timing out, wrapped", wrapped(new HttpTimeoutException("timed out")),
                        failure(RegistryFailure.Kind.UNREACHABLE, 0, Optional.empty())),
                Arguments.of("429 with Retry-After, wrapped twice", wrapped(wrapped(status(429,
                        Optional.of(Duration.ofSeconds(30))))), failure(RegistryFailure.Kind.THROTTLED, 429,
                        Optional.of(Duration.ofSeconds(30)))),
                Arguments.of("503 with Retry-After", status(503, Optional.of(Duration.ofSeconds(7))),
                        failure(RegistryFailure.Kind.SERVER_ERROR, 503, Optional.of(Duration.ofSeconds(7)))),
                Arguments.of("credentials refused", new RegistryAuthenticationException(HOST, "team/app", "refused"),
                        failure(RegistryFailure.Kind.UNAUTHORIZED, 0, Optional.empty())),
                Arguments.of("403 from the ping", status(403, Optional.empty()),
                        failure(RegistryFailure.Kind.UNAUTHORIZED, 403, Optional.empty())),
                Arguments.of("404 of a blob", status(404, Optional.empty()),
                        failure(RegistryFailure.Kind.OTHER_STATUS, 404, Optional.empty())),
                Arguments.of("an invalid answer", new RegistryException(HOST, "team/app", "invalid digest"),
                        Optional.empty()),
                Arguments.of("a local file", new IOException("no such file"), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void readsTheFirstRegistryFailureFromTheExceptionOrItsCauses(String scenario, Exception thrown,
                                                                 Optional<RegistryFailure> expected) {
        assertThat(RegistryFailure.of(thrown)).isEqualTo(expected);
    }
}
