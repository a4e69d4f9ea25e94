package dev.vouch.admission;

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
import java.util.EnumSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * A new policy version (the policy, registries.d or a key file changed) misses every kept check. A check outlives the request that started it:
 * when a cold check is slower than the API server's deadline, the request is denied with a timeout, and the retry
 * finds the finished check.
 */
public final class PolicyImageChecker implements ImageChecker {
    public static final Duration TAG_LIFETIME = Duration.ofSeconds(30);
    public static final Duration ACCEPTED_LIFETIME = Duration.ofMinutes(10);
    public static final Duration REJECTED_LIFETIME = Duration.ofMinutes(1);
    static final int CAPACITY = 10_000;

    private final Supplier<PolicySnapshot> policy;
    private final SingleFlightCache<ImageReference, Digest> tags;
    private final SingleFlightCache<CheckKey, ImageCheck> checks;
    private volatile Evaluator evaluator;
    private final Duration grace;
    private final Clock clock;
    private final Map<String, LastAccepted> lastAccepted = new ConcurrentHashMap<>();

    /** Failures that say only that the registry cannot answer now: the grace rule may apply to them. */
    static final Set<FailureClass> GRACE_FAILURES = EnumSet.of(FailureClass.UNREACHABLE, FailureClass.RATE_LIMITED,
            FailureClass.TIMEOUT);

    /** The last acceptance of an identity, for the grace rule. */
    private record LastAccepted(String version, Instant at, ImageCheck check) {
    }

    /** The key of a kept check: what decides it. */
    private record CheckKey(String policyVersion, Digest digest, String identity) {
    }

    /** The evaluator of one policy version, keeping its keyrings. */
    private record Evaluator(String version, PolicyEvaluator evaluator) {
    }

    /**
     * @param policy the current policy and registry settings (asked again on every check: {@link PolicySnapshots}
     *     follows their files); their context must share its registry clients, so that connections and tokens are
     *     kept between checks
     */
    public PolicyImageChecker(Supplier<PolicySnapshot> policy, Executor executor, Clock clock) {
        this(policy, Duration.ZERO, executor, clock);
    }

    /**
     * @param grace how long after a digest was verified it may still be admitted when the registry cannot answer
     *     (zero: never, the default; see {@link #withGrace})
     */
    public PolicyImageChecker(Supplier<PolicySnapshot> policy, Duration grace, Executor executor, Clock clock) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.policy = policy;
        this.grace = grace;
        this.clock = clock;
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
        ImageReference identity = identityOf(reference);
        PolicySnapshot current = policy.get();
        if (current.context().shared().isEmpty()) {
            return ImageCheck.refused(image, FailureClass.COULD_NOT_VERIFY, "the registry settings share no"
                    + " clients", Optional.empty());
        }
        ImageCheck now = checkNow(image, identity, current, deadline);
        return grace.isZero() ? now : withGrace(identity.toString(), current.version(), now);
    }

    /**
     * The kept check of {@code image} under the current policy version: its tag's digest is known (for
     * {@link #TAG_LIFETIME}) and the check of that digest is kept. This is the warm path: the request's own thread
     * answers, nothing waits.
     */
    @Override
    public Optional<ImageCheck> kept(String image, String namespace) {
        ImageReference identity;
        try {
            identity = identityOf(ImageReference.parse(image).withDefaultTag());
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
        PolicySnapshot current = policy.get();
        Optional<Digest> digest = identity.digest().isPresent() ? identity.digest() : tags.peek(identity);
        return digest.flatMap(d -> checks.peek(new CheckKey(current.version(), d, identity.toString())))
                .map(check -> check.image().equals(image) ? check : check.forImage(image))
                .map(check -> grace.isZero() ? check : withGrace(identity.toString(), current.version(), check));
    }

    /** The identity a check is kept for: the tag, or the repository at the digest. */
    private static ImageReference identityOf(ImageReference reference) {
        return reference.digest().isPresent() ? reference.repository().withDigest(reference.digest().get())
                : reference;
    }

    /**
     * The grace rule (opt-in): an accepted check is remembered per identity; when checking the same identity under
     * the same policy version later fails only because the registry cannot answer (unreachable, throttling,
     * timeout), the remembered digest is admitted if it was verified within {@code grace}.
     */
    private ImageCheck withGrace(String identity, String version, ImageCheck now) {
        Instant time = clock.instant();
        if (now.isAccepted()) {
            if (now.grace().isEmpty()) {
                if (lastAccepted.size() >= CAPACITY) {
                    lastAccepted.clear();
                }
                lastAccepted.put(identity, new LastAccepted(version, time, now));
            }
            return now;
        }
        if (!GRACE_FAILURES.contains(now.failure().get())) {
            return now;
        }
        LastAccepted last = lastAccepted.get(identity);
        if (last == null || !last.version().equals(version) || time.isAfter(last.at().plus(grace))) {
            return now;
        }
        return last.check().forImage(now.image()).underGrace(last.at(), now);
    }

    private ImageCheck checkNow(String image, ImageReference identity, PolicySnapshot current, Instant deadline) {
        Digest digest;
        if (identity.digest().isPresent()) {
            digest = identity.digest().get();
        } else {
            Optional<Digest> resolved;
            try {
                resolved = await(tags.get(identity, () -> resolve(identity, current.context())), deadline);
            } catch (ExecutionException e) {
                FailureClass failure = RegistryFailures.classOf(e.getCause());
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
            return await(checks.get(new CheckKey(current.version(), digest, identity.toString()),
                    () -> verify(image, identity, checked, current)), deadline)
                    .map(check -> check.image().equals(image) ? check : check.forImage(image))
                    .orElseGet(() -> timedOut(image));
        } catch (ExecutionException e) {
            return ImageCheck.refused(image, FailureClass.COULD_NOT_VERIFY, "the check failed: "
                    + e.getCause().getClass().getSimpleName(), Optional.empty());
        }
    }

    /** The digest the tag points to now ({@code HEAD}); a missing tag is an error. */
    private static Digest resolve(ImageReference tagged, SourceContext context) {
        try {
            return DockerTransportReference.of(tagged).newRegistryClient(context).manifestDigest(tagged)
                    .orElseThrow(() -> new NoSuchElementException("the registry has no manifest for " + tagged));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Verifies exactly {@code digest}, with {@code identity} (the tag, or the repository at the digest). */
    private ImageCheck verify(String image, ImageReference identity, Digest digest, PolicySnapshot current) {
        DockerTransportReference reference = DockerTransportReference.of(identity);
        SourceContext context = current.context();
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

    private PolicyEvaluator evaluatorFor(PolicySnapshot current) {
        Evaluator kept = evaluator;
        if (kept == null || !kept.version().equals(current.version())) {
            kept = new Evaluator(current.version(), PolicyEvaluator.keepingKeys(current.policy().policy()));
            evaluator = kept;
        }
        return kept.evaluator();
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
