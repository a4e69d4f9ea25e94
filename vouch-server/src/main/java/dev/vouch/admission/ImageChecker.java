package dev.vouch.admission;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks one image against the policy, for a pod in {@code namespace} (whose pull credentials may apply). It never
 * throws for a problem with the image, the registry or the signatures: every such problem is a refused
 * {@link ImageCheck} of the right class, so that nothing is admitted whose verification did not complete.
 */
@FunctionalInterface
public interface ImageChecker {

    /** Checks {@code image}; must return by {@code deadline} (a {@link FailureClass#TIMEOUT} if it cannot). */
    ImageCheck check(String image, String namespace, Instant deadline);

    /**
     * What {@link #check} would answer at once from results it keeps, without waiting and without asking a
     * registry; empty when it would have to (the default: nothing is kept). Must not throw.
     */
    default Optional<ImageCheck> kept(String image, String namespace) {
        return Optional.empty();
    }
}
