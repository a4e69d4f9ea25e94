package dev.vouch.admission;

import dev.vouch.gate.GatePolicy;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Checks images in registries against the current policy, as {@code vouch verify docker://IMAGE} does, with two
 * caches shared by every request:
 * <ul>
 * <li>tag to digest, for {@link #TAG_LIFETIME} (a {@code HEAD} of the tag), so that a burst of pods naming one tag
 *     asks the registry once;</li>
 * <li>the check of a digest for an identity under a policy version, for {@link #ACCEPTED_LIFETIME} when accepted and
 *     {@link #REJECTED_LIFETIME} when rejected for a reason that does not go away by itself (a signature may still be
 *     added); a transient failure (registry unreachable, 429, 401, timeout) is never kept.</li>
 * </ul>
 * A new policy version (its digest changes) misses every kept check. A check outlives the request that started it:
 * when a cold check is slower than the API server's deadline, the request is denied with a timeout, and the retry
 * finds the finished check.
 */
public final class PolicyImageChecker implements ImageChecker {
    public static final Duration TAG_LIFETIME = Duration.ofSeconds(30);
    public static final Duration ACCEPTED_LIFETIME = Duration.ofMinutes(10);
    public static final Duration REJECTED_LIFETIME = Duration.ofMinutes(1);
    static final int CAPACITY = 10_000;

    private final Supplier<GatePolicy> policy;
    private final SourceContext context;
    private final SingleFlightCache<ImageReference, Digest> tags;
    private final SingleFlightCache<CheckKey, ImageCheck> checks;
    private volatile Evaluator evaluator;

    /** The key of a kept check: what decides it. */
    private record CheckKey(String policyDigest, Digest digest, String identity) {
    }

    /** The evaluator of one policy version, keeping its keyrings. */
    private record Evaluator(String policyDigest, PolicyEvaluator evaluator) {
    }

    /**
     * @param policy the current policy (read again on every check: a reloading supplier changes the decisions)
     * @param context registries.d, credentials and TLS for the registries; give it shared resources so that
     *     connections and tokens are kept between checks
     */
    public PolicyImageChecker(Supplier<GatePolicy> policy, SourceContext context, Executor executor, Clock clock) {
        if (context.shared().isEmpty()) {
            throw new IllegalArgumentException("the checker's source context must share its registry clients");
        }
        this.policy = policy;
        this.context = context;
        this.tags = new SingleFlightCache<>(CAPACITY, digest -> TAG_LIFETIME, executor, clock);
        this.checks = new SingleFlightCache<>(CAPACITY, PolicyImageChecker::lifetime, executor, clock);
    }

    private static Duration lifetime(ImageCheck check) {
        if (check.isAccepted()) {
            return ACCEPTED_LIFETIME;
        }
        return check.failure().get().transientFailure() ? Duration.ZERO : REJECTED_LIFETIME;
    }

    @Override
    public ImageCheck check(String image, String namespace, Instant deadline) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(image).withDefaultTag();
        } catch (InvalidReferenceException e) {
            return ImageCheck.refused(image, FailureClass.INVALID_REFERENCE, e.getMessage(), Optional.empty());
        }
        ImageReference identity = reference.digest().isPresent() ? reference.repository().withDigest(
                reference.digest().get()) : reference;
        GatePolicy current = policy.get();
        Digest digest;
        if (identity.digest().isPresent()) {
            digest = identity.digest().get();
        } else {
            Optional<Digest> resolved;
            try {
                resolved = await(tags.get(identity, () -> resolve(identity)), deadline);
            } catch (ExecutionException e) {
                FailureClass failure = e.getCause() instanceof NoSuchElementException ? FailureClass.NOT_FOUND
                        : RegistryFailures.classOf(e.getCause());
                return ImageCheck.refused(image, failure, "resolving the tag: " + e.getCause().getMessage(),
                        Optional.empty());
            }
            if (resolved.isEmpty()) {
                return timedOut(image);
            }
            digest = resolved.get();
        }
        Digest checked = digest;
        try {
            return await(checks.get(new CheckKey(current.digest(), digest, identity.toString()),
                    () -> verify(image, identity, checked, current)), deadline)
                    .map(check -> check.image().equals(image) ? check : renamed(check, image))
                    .orElseGet(() -> timedOut(image));
        } catch (ExecutionException e) {
            return ImageCheck.refused(image, FailureClass.COULD_NOT_VERIFY, "the check failed: "
                    + e.getCause().getClass().getSimpleName(), Optional.empty());
        }
    }

    /** The digest the tag points to now ({@code HEAD}); a missing tag is an error. */
    private Digest resolve(ImageReference tagged) {
        try {
            return DockerTransportReference.of(tagged).newRegistryClient(context).manifestDigest(tagged)
                    .orElseThrow(() -> new NoSuchElementException("the registry has no manifest for " + tagged));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Verifies exactly {@code digest}, with {@code identity} (the tag, or the repository at the digest). */
    private ImageCheck verify(String image, ImageReference identity, Digest digest, GatePolicy current) {
        DockerTransportReference reference = DockerTransportReference.of(identity);
        try (ImageSource source = identity.tag().isPresent() ? reference.newImageSourceAt(context, digest)
                : reference.newImageSource(context)) {
            Verdict verdict = evaluatorFor(current).evaluate(source);
            String scope = verdict.scope().describe();
            Optional<FailureClass> failure = FailureClasses.of(verdict);
            if (failure.isPresent()) {
                return ImageCheck.refused(image, failure.get(), verdict.summary().strip(), Optional.of(scope));
            }
            if (!verdict.manifestDigest().equals(Optional.of(digest))) {
                return ImageCheck.refused(image, FailureClass.COULD_NOT_VERIFY, "the verified manifest is not "
                        + digest, Optional.of(scope));
            }
            return ImageCheck.accepted(image, RecordedVerdict.of(verdict).summary(), scope,
                    Optional.of(identity.repository().withDigest(digest).toString()));
        } catch (IOException | RuntimeException e) {
            return ImageCheck.refused(image, RegistryFailures.classOf(e), "reading " + identity + ": "
                    + e.getMessage(), Optional.empty());
        }
    }

    private PolicyEvaluator evaluatorFor(GatePolicy current) {
        Evaluator kept = evaluator;
        if (kept == null || !kept.policyDigest().equals(current.digest())) {
            kept = new Evaluator(current.digest(), PolicyEvaluator.keepingKeys(current.policy()));
            evaluator = kept;
        }
        return kept.evaluator();
    }

    /** A kept check, reported under the name this pod gave the image ({@code nginx} for {@code docker.io/...}). */
    private static ImageCheck renamed(ImageCheck check, String image) {
        return new ImageCheck(image, check.failure(), check.reason(), check.scope(), check.verifiedImage());
    }

    private static ImageCheck timedOut(String image) {
        return ImageCheck.refused(image, FailureClass.TIMEOUT, "no verdict before the API server's deadline (the"
                + " check goes on, and a retry may find it done)", Optional.empty());
    }

    /** The future's value, or empty if it is not done by {@code deadline}. */
    private static <T> Optional<T> await(CompletableFuture<T> future, Instant deadline) throws ExecutionException {
        long millis = Duration.between(Instant.now(), deadline).toMillis();
        try {
            return Optional.of(future.get(Math.max(0, millis), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Drops every kept tag and check: the keys or registries.d changed in a way the policy digest does not show. */
    public void invalidate() {
        tags.invalidateAll();
        checks.invalidateAll();
    }
}
