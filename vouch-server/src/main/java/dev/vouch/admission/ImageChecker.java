package dev.vouch.admission;

import dev.vouch.pullsecret.PullCredentials;
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
     * Checks {@code image} reading it with {@code credentials} (a pod's pull secret, or the configured default). A
     * checker that cannot use other credentials checks with its own.
     */
    default ImageCheck check(String image, String namespace, PullCredentials credentials, Instant deadline) {
        return check(image, namespace, deadline);
    }

    /**
     * What {@link #check(String, String, PullCredentials, Instant)} would answer at once from results it keeps for
     * these credentials, without waiting and without asking a registry; empty when it would have to (the default:
     * nothing is kept). Must not throw.
     */
    default Optional<ImageCheck> kept(String image, String namespace, PullCredentials credentials) {
        return Optional.empty();
    }
}
