package dev.vouch.admission;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.pullsecret.PullCredentials;
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
 *
 * <p>Each request reads with its own {@link PullCredentials} (a pod's pull secret, or the configured default). What
 * is shared between credential sets and what is not is the rule written down in {@link dev.vouch.pullsecret}: verdicts
 * are shared; tag resolutions, proofs of reading access and failures are kept per credentials, so that one set of
 * credentials never gets an image admitted that its own reading would have refused.
 */
public final class PolicyImageChecker implements ImageChecker {
    public static final Duration TAG_LIFETIME = Duration.ofSeconds(30);
    public static final Duration ACCEPTED_LIFETIME = Duration.ofMinutes(10);
    public static final Duration REJECTED_LIFETIME = Duration.ofMinutes(1);
    static final int CAPACITY = 10_000;

    private final Supplier<PolicySnapshot> policy;
    private final SingleFlightCache<TagKey, Digest> tags;
    /** Checks in flight, per credentials (nothing kept here: what may be shared goes to {@link #verdicts}). */
    private final SingleFlightCache<AttemptKey, ImageCheck> attempts;
    /** Verdicts: results that do not depend on who read the image, shared by every request. */
    private final SingleFlightCache<CheckKey, ImageCheck> verdicts;
    /** Digests that credentials were seen to read (by a verification or a {@code HEAD}). */
    private final SingleFlightCache<AccessKey, Boolean> access;
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

    /** The key of a kept verdict: what decides it. */
    private record CheckKey(String policyVersion, Digest digest, String identity) {
    }

    /** A check computed with one set of credentials. */
    private record AttemptKey(CheckKey check, String credentials) {
    }

    /** A tag resolved with one set of credentials. */
    private record TagKey(ImageReference tag, String credentials) {
    }

    /** A repository at a digest, read with one set of credentials. */
    private record AccessKey(ImageReference image, String credentials) {
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
        this.attempts = new SingleFlightCache<>(CAPACITY, check -> Duration.ZERO, executor, clock);
        this.verdicts = new SingleFlightCache<>(CAPACITY, PolicyImageChecker::lifetime, executor, clock);
        this.access = new SingleFlightCache<>(CAPACITY, readable -> ACCEPTED_LIFETIME, executor, clock);
    }

    private static Duration lifetime(ImageCheck check) {
        if (check.isAccepted()) {
            return ACCEPTED_LIFETIME;
        }
        return VERDICT_FAILURES.contains(check.failure().get()) ? REJECTED_LIFETIME : Duration.ZERO;
    }

    /** Refusals that depend only on the policy, the digest and the identity, never on who read the image. */
    static final Set<FailureClass> VERDICT_FAILURES = EnumSet.of(FailureClass.REJECTED_BY_POLICY,
            FailureClass.NO_SIGNATURE, FailureClass.WRONG_KEY, FailureClass.IDENTITY_MISMATCH,
            FailureClass.DIGEST_MISMATCH);

    @Override
    public ImageCheck check(String image, String namespace, Instant deadline) {
        return check(image, namespace, PullCredentials.DEFAULT, deadline);
    }

    @Override
    public ImageCheck check(String image, String namespace, PullCredentials credentials, Instant deadline) {
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
        ImageCheck now = checkNow(image, identity, current, credentials, deadline);
        return grace.isZero() ? now : withGrace(identity + "\n" + credentials.key(), current.version(), now);
    }

    /**
     * The kept check of {@code image} under the current policy version, for a request reading with
     * {@code credentials}: its tag's digest is known to these credentials (for {@link #TAG_LIFETIME}), the verdict of
     * that digest is kept, and, for an accepted image named by digest, these credentials were seen to read it (as
     * {@link #check(String, String, PullCredentials, Instant)} requires). This is the warm path: the request's own
     * thread answers, nothing waits. Anything not kept is left to the full check.
     */
    @Override
    public Optional<ImageCheck> kept(String image, String namespace, PullCredentials credentials) {
        ImageReference identity;
        try {
            identity = identityOf(ImageReference.parse(image).withDefaultTag());
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
        PolicySnapshot current = policy.get();
        String reader = credentials.key();
        Optional<Digest> digest = identity.digest().isPresent() ? identity.digest()
                : tags.peek(new TagKey(identity, reader));
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Optional<ImageCheck> verdict = verdicts.peek(new CheckKey(current.version(), digest.get(),
                identity.toString()));
        if (verdict.isEmpty() || verdict.get().isAccepted() && identity.digest().isPresent()
                && !access.peek(new AccessKey(identity.repository().withDigest(digest.get()), reader))
                .orElse(Boolean.FALSE)) {
            return Optional.empty();
        }
        ImageCheck check = verdict.get().image().equals(image) ? verdict.get() : verdict.get().forImage(image);
        return Optional.of(grace.isZero() ? check : withGrace(identity + "\n" + reader, current.version(), check));
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

    private ImageCheck checkNow(String image, ImageReference identity, PolicySnapshot current,
                                PullCredentials credentials, Instant deadline) {
        SourceContext context = credentials.applyTo(current.context());
        String reader = credentials.key();
        Digest digest;
        if (identity.digest().isPresent()) {
            digest = identity.digest().get();
        } else {
            Optional<Digest> resolved;
            try {
                resolved = await(tags.get(new TagKey(identity, reader), () -> resolve(identity, context)), deadline);
            } catch (ExecutionException e) {
                return refusedReading(image, "resolving the tag", e.getCause(), credentials);
            }
            if (resolved.isEmpty()) {
                return timedOut(image);
            }
            digest = resolved.get();
        }
        CheckKey key = new CheckKey(current.version(), digest, identity.toString());
        Optional<ImageCheck> kept = verdicts.peek(key);
        ImageCheck check;
        if (kept.isPresent()) {
            check = kept.get();
        } else {
            Digest checked = digest;
            long generation = verdicts.generation();
            try {
                Optional<ImageCheck> computed = await(attempts.get(new AttemptKey(key, reader), () -> {
                    // An attempt that finished between the peek above and this one kept its verdict: use it, so that
                    // simultaneous requests verify once (attempts keep nothing once done).
                    Optional<ImageCheck> finished = verdicts.peek(key);
                    if (finished.isPresent()) {
                        return finished.get();
                    }
                    ImageCheck result = verify(image, identity, checked, current, context);
                    verdicts.put(key, result, generation);
                    if (result.isAccepted()) {
                        access.put(new AccessKey(identity.repository().withDigest(checked), reader), Boolean.TRUE,
                                access.generation());
                    }
                    return result;
                }), deadline);
                if (computed.isEmpty()) {
                    return timedOut(image);
                }
                check = computed.get();
            } catch (ExecutionException e) {
                return ImageCheck.refused(image, FailureClass.COULD_NOT_VERIFY, "the check failed: "
                        + e.getCause().getClass().getSimpleName(), Optional.empty());
            }
        }
        if (check.isAccepted() && identity.digest().isPresent()) {
            ImageReference read = identity.repository().withDigest(digest);
            try {
                if (await(access.get(new AccessKey(read, reader), () -> readable(read, context)), deadline)
                        .isEmpty()) {
                    return timedOut(image);
                }
            } catch (ExecutionException e) {
                return refusedReading(image, "reading the manifest", e.getCause(), credentials);
            }
        }
        return check.image().equals(image) ? check : check.forImage(image);
    }

    /** A refusal for a failure to read with {@code credentials}, naming where they come from. */
    private static ImageCheck refusedReading(String image, String doing, Throwable cause,
                                             PullCredentials credentials) {
        FailureClass failure = RegistryFailures.classOf(cause);
        String with = credentials.credentials().isPresent() ? " with the credentials of " + credentials.source() : "";
        return ImageCheck.refused(image, failure, doing + with + ": " + cause.getMessage(), Optional.empty());
    }

    /** Whether the manifest at this digest can be read ({@code HEAD}); a failure is an error. */
    private static Boolean readable(ImageReference digested, SourceContext context) {
        try {
            DockerTransportReference.of(digested).newRegistryClient(context).manifestDigest(digested)
                    .orElseThrow(() -> new NoSuchElementException("the registry has no manifest " + digested));
            return Boolean.TRUE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
    private ImageCheck verify(String image, ImageReference identity, Digest digest, PolicySnapshot current,
                              SourceContext context) {
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
        attempts.invalidateAll();
        verdicts.invalidateAll();
        access.invalidateAll();
    }
}
