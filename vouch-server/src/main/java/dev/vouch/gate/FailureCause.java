package dev.vouch.gate;

import dev.vouch.registry.RegistryFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * The kind of an import's failure and the registry's {@code Retry-After} ({@link RegistryFailure}, or the tag missing).
 * A {@code Retry-After} longer than {@link #MAX_RETRY_AFTER} is taken as that long, so that one answer cannot stop
 * polling a registry for days.
 */
record FailureCause(FailureKind kind, Optional<Duration> retryAfter) {
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    static FailureCause of(Throwable failure) {
        if (failure instanceof TagNotFoundException) {
            return new FailureCause(FailureKind.NOT_FOUND, Optional.empty());
        }
        return RegistryFailure.of(failure).map(registry -> new FailureCause(kindOf(registry.kind()),
                registry.retryAfter().map(delay -> delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay)))
                .orElseGet(() -> new FailureCause(FailureKind.OTHER, Optional.empty()));
    }

    private static FailureKind kindOf(RegistryFailure.Kind kind) {
        return switch (kind) {
            case UNREACHABLE -> FailureKind.UNREACHABLE;
            case THROTTLED -> FailureKind.THROTTLED;
            case SERVER_ERROR -> FailureKind.SERVER_ERROR;
            case UNAUTHORIZED -> FailureKind.UNAUTHORIZED;
            case OTHER_STATUS -> FailureKind.OTHER;
        };
    }
}
