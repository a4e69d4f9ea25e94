package dev.vouch.gate;

import dev.vouch.registry.RegistryAuthenticationException;
import dev.vouch.registry.RegistryResponseException;
import dev.vouch.registry.RegistryUnreachableException;
import java.time.Duration;
import java.util.Optional;

/**
 * The kind of an import's failure and the registry's {@code Retry-After}, read from the exception and its causes
 * (the transports wrap the registry client's exceptions with context). A {@code Retry-After} longer than
 * {@link #MAX_RETRY_AFTER} is taken as that long, so that one answer cannot stop polling a registry for days.
 */
record FailureCause(FailureKind kind, Optional<Duration> retryAfter) {
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    private static final int MAX_DEPTH = 16;

    static FailureCause of(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof TagNotFoundException) {
                return new FailureCause(FailureKind.NOT_FOUND, Optional.empty());
            }
            if (cause instanceof RegistryAuthenticationException) {
                return new FailureCause(FailureKind.UNAUTHORIZED, Optional.empty());
            }
            if (cause instanceof RegistryUnreachableException) {
                return new FailureCause(FailureKind.UNREACHABLE, Optional.empty());
            }
            if (cause instanceof RegistryResponseException response) {
                return new FailureCause(kindOf(response.statusCode()), response.retryAfter()
                        .map(delay -> delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay));
            }
        }
        return new FailureCause(FailureKind.OTHER, Optional.empty());
    }

    private static FailureKind kindOf(int status) {
        if (status == 429) {
            return FailureKind.THROTTLED;
        }
        if (status == 401 || status == 403) {
            return FailureKind.UNAUTHORIZED;
        }
        return status >= 500 && status <= 599 ? FailureKind.SERVER_ERROR : FailureKind.OTHER;
    }
}
