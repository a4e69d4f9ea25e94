package dev.vouch.admission;

import dev.vouch.registry.RegistryFailure;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The {@link FailureClass} of an error on the way to a verdict, read from the exception and its causes. */
final class RegistryFailures {
    private RegistryFailures() {
    }

    static FailureClass classOf(Throwable failure) {
        if (failure instanceof NoSuchElementException) {
            return FailureClass.NOT_FOUND;
        }
        Optional<RegistryFailure> registry = RegistryFailure.of(failure);
        if (registry.isEmpty()) {
            return FailureClass.COULD_NOT_VERIFY;
        }
        switch (registry.get().kind()) {
            case UNAUTHORIZED:
                return FailureClass.UNAUTHORIZED;
            case THROTTLED:
                return FailureClass.RATE_LIMITED;
            case SERVER_ERROR:
            case UNREACHABLE:
                return FailureClass.UNREACHABLE;
            default:
                return registry.get().status().orElse(0) == 404 ? FailureClass.NOT_FOUND
                        : FailureClass.COULD_NOT_VERIFY;
        }
    }
}
