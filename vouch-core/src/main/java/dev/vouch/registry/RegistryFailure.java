package dev.vouch.registry;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What went wrong reaching a registry (or a signature server), read from an exception and its causes: the transports
 * wrap the registry client's exceptions with context. For callers that retry, alert or count by kind.
 *
 * @param status the HTTP status of the answer, if there was one
 * @param retryAfter the answer's {@code Retry-After} as a delay, if it had one
 */
public record RegistryFailure(Kind kind, OptionalInt status, Optional<Duration> retryAfter) {
    private static final int MAX_DEPTH = 16;

    /** The kinds of failure. */
    public enum Kind {
        /** No answer: the connection was refused or timed out, the host is unknown, TLS failed. */
        UNREACHABLE,
        /** 429 Too Many Requests. */
        THROTTLED,
        /** A 5xx status. */
        SERVER_ERROR,
        /** The credentials were refused or missing (401, 403, or the token server refused them). */
        UNAUTHORIZED,
        /** Another status the request does not allow (a 404 of a blob, a 400...). */
        OTHER_STATUS
    }

    public RegistryFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * The first registry failure in {@code failure} and its causes; empty if none is one (a local file, an invalid
     * manifest, a {@link RegistryException} about an answer's content).
     */
    public static Optional<RegistryFailure> of(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof RegistryAuthenticationException) {
                return Optional.of(new RegistryFailure(Kind.UNAUTHORIZED, OptionalInt.empty(), Optional.empty()));
            }
            if (cause instanceof RegistryResponseException response) {
                return Optional.of(new RegistryFailure(kindOf(response.statusCode()),
                        OptionalInt.of(response.statusCode()), response.retryAfter()));
            }
            if (cause instanceof RegistryUnreachableException || cause instanceof ConnectException
                    || cause instanceof HttpTimeoutException || cause instanceof UnknownHostException) {
                return Optional.of(new RegistryFailure(Kind.UNREACHABLE, OptionalInt.empty(), Optional.empty()));
            }
        }
        return Optional.empty();
    }

    private static Kind kindOf(int status) {
        if (status == 429) {
            return Kind.THROTTLED;
        }
        if (status == 401 || status == 403) {
            return Kind.UNAUTHORIZED;
        }
        return status >= 500 && status <= 599 ? Kind.SERVER_ERROR : Kind.OTHER_STATUS;
    }
}
