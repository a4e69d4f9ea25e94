package dev.vouch.gate;

import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.Manifests;
import dev.vouch.reference.Digest;
import dev.vouch.store.CurrentChange;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.ImportFailure;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.UntrustedManifest;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gate: imports one tag at a time. It resolves the digest the tag points at (a HEAD request for a registry tag,
 * {@code index.json} for an OCI layout) and, for a digest not verified before, verifies exactly that digest
 * against the policy with the tag as the image's identity, then records the verdict. An accepted digest becomes
 * the tag's current one unless the tag is pinned, and the {@link CurrentDigestListeners} are told; a rejected one
 * is recorded with its reasons and the current digest stays.
 *
 * <p>Fails closed: nothing becomes current without an accepting verdict on that digest. A failure to read (the
 * registry or a lookaside store unreachable, the tag missing, the image changing meanwhile) is recorded as a failed
 * attempt, not as a rejection of the digest, and the next import tries again. An unparseable manifest is a
 * rejection. Importing again while the tag has not moved records nothing for an accepted digest; a rejected digest is
 * verified again under another version of the policy (see {@link PolicyVersion}), and while the tag keeps naming it, after doubling pauses
 * (30 s up to an hour: a signature written after the push is found). Imports of the same tag are serialized; different tags may be imported
 * concurrently. Registry clients are kept between imports (one per repository), so that importing a tag that has
 * not moved costs one {@code HEAD} request; close the importer to release them.
 */
public final class Importer implements AutoCloseable {
    static final Duration FIRST_RECHECK = Duration.ofSeconds(30);
    static final Duration MAX_RECHECK = Duration.ofHours(1);

    private final StateStore store;
    private final Supplier<? extends PolicyVersion> versions;
    private final CurrentDigestListeners listeners;
    private final Clock clock;
    private final ConcurrentHashMap<StreamTagName, Object> locks = new ConcurrentHashMap<>();
    /** The gate under the current policy version, and the one it replaced (its clients closed at the next change). */
    private Gate gate;
    private Gate previous;
    private boolean closed;

    /** What imports under one policy version use: its evaluator (keeping its keyrings) and registry clients. */
    private record Gate(String version, PolicyVersion policy, PolicyEvaluator evaluator, RegistryClients clients) {
    }

    /** A gate deciding with {@code policy} as read once. */
    public Importer(StateStore store, GatePolicy policy, SourceContext context, CurrentDigestListeners listeners,
                    Clock clock) {
        this(store, fixed(policy, context), listeners, clock);
    }

    /**
     * A gate following the policy: {@code versions} is asked at every import, and a new version is used from then on
     * (a rejected digest is verified again under it).
     */
    public Importer(StateStore store, Supplier<? extends PolicyVersion> versions, CurrentDigestListeners listeners,
                    Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.clock = Objects.requireNonNull(clock, "clock");
        gate();
    }

    private static Supplier<PolicyVersion> fixed(GatePolicy policy, SourceContext context) {
        PolicyVersion version = PolicyVersion.fixed(Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(context, "context"));
        return () -> version;
    }

    /** The gate of the current version, built when the version changed. */
    private synchronized Gate gate() {
        PolicyVersion current = versions.get();
        if (closed) {
            throw new IllegalStateException("the importer is closed");
        }
        if (gate == null || !gate.version().equals(current.version())) {
            if (previous != null) {
                previous.clients().close();
            }
            previous = gate;
            gate = new Gate(current.version(), current, new PolicyEvaluator(current.policy().policy()),
                    new RegistryClients(current.context()));
        }
        return gate;
    }

    /**
     * Imports {@code tag} once.
     *
     * @throws StoreException if the outcome cannot be recorded (then nothing about it was recorded either)
     */
    public ImportResult importTag(StreamTag tag) throws StoreException {
        return importTag(tag, false);
    }

    /**
     * Imports {@code tag} once; with {@code recheckRejected}, a rejected digest the tag still names is verified
     * again at once instead of after its pause (a registry notification said the repository changed, and the
     * signature it lacked may have just been written).
     *
     * @throws StoreException if the outcome cannot be recorded (then nothing about it was recorded either)
     */
    public ImportResult importTag(StreamTag tag, boolean recheckRejected) throws StoreException {
        if (tag.paused()) {
            return new ImportResult.Paused(tag.name());
        }
        synchronized (locks.computeIfAbsent(tag.name(), name -> new Object())) {
            return importUnpaused(tag, recheckRejected);
        }
    }

    private ImportResult importUnpaused(StreamTag tag, boolean recheckRejected) throws StoreException {
        StreamTagName name = tag.name();
        Gate gate = gate();
        TagReader reader = TagReader.of(tag.from(), gate.policy().context(), gate.clients());
        Digest digest;
        try {
            digest = reader.currentDigest();
        } catch (IOException | RuntimeException e) {
            return failed(name, Optional.empty(), "resolving " + tag.from() + ": " + message(e), e);
        }
        Optional<HistoryEntry> known = store.entry(name, digest);
        if (known.isPresent() && !(recheckRejected && !known.get().accepted())
                && !verifyAgain(known.get(), gate.version(), clock.instant())) {
            Optional<CurrentChange> change = store.recordSeen(name, digest, clock.instant());
            return new ImportResult.Known(name, known.get(), notify(tag, change, CurrentDigestChange.Cause.IMPORT));
        }
        RecordedVerdict verdict;
        try (ImageSource source = reader.openAt(digest)) {
            verdict = verify(gate.evaluator(), PrefetchedSource.read(source), digest);
        } catch (IOException | RuntimeException e) {
            return failed(name, Optional.of(digest), "verifying " + tag.from() + "@" + digest + ": " + message(e), e);
        }
        Instant now = clock.instant();
        Optional<CurrentChange> change = store.recordVerdict(name, digest, verdict, gate.version(), now);
        HistoryEntry entry = store.entry(name, digest).orElseThrow(() -> new StoreException("the verdict on " + name
                + "@" + digest + " was recorded but cannot be read back"));
        return new ImportResult.Verified(name, entry, notify(tag, change, CurrentDigestChange.Cause.IMPORT));
    }

    /**
     * Whether a digest seen before is verified again. An accepted digest never is. A rejected one is under another
     * policy version ({@link PolicyVersion#version}), and also while the tag still names it, with doubling pauses from {@link #FIRST_RECHECK} up to
     * {@link #MAX_RECHECK}: signatures are often written after the push (a lookaside store, a signing step in a
     * pipeline), and a signed image must not stay refused because its signature came late. And at once after a
     * push of the tag: it may be the same image pushed again with its signature, or the push whose manifest an
     * import read before the pushing tool wrote the signature (a tag moved twice quickly).
     */
    private static boolean verifyAgain(HistoryEntry entry, String version, Instant now) {
        if (entry.accepted()) {
            return false;
        }
        if (!entry.policyDigest().equals(version)) {
            return true;
        }
        return !now.isBefore(entry.verifiedAt().plus(recheckPause(entry)));
    }

    /** The pause before a rejected digest is verified again: as long as it has been rejected so far, within bounds. */
    public static Duration recheckPause(HistoryEntry entry) {
        Duration rejectedFor = Duration.between(entry.firstSeen(), entry.verifiedAt());
        if (rejectedFor.compareTo(FIRST_RECHECK) < 0) {
            return FIRST_RECHECK;
        }
        return rejectedFor.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : rejectedFor;
    }

    /** The verdict on the prefetched image, which must be exactly {@code digest}. */
    private static RecordedVerdict verify(PolicyEvaluator evaluator, PrefetchedSource source, Digest digest)
            throws IOException {
        UntrustedManifest manifest = source.manifest();
        if (!ManifestDigests.matches(manifest.bytes(), digest)) {
            throw new IOException("the manifest read does not match " + digest);
        }
        try {
            Manifests.parse(manifest.bytes(), manifest.mediaType());
        } catch (InvalidManifestException e) {
            return new RecordedVerdict(false, source.reference().displayName(), "(not evaluated)", List.of(),
                    List.of(new RecordedVerdict.RequirementResult("a valid manifest", false,
                            "invalid manifest: " + e.getMessage())),
                    source.reference().displayName() + ": REJECTED\n  invalid manifest: " + e.getMessage() + "\n");
        }
        Verdict verdict = evaluator.evaluate(source);
        if (verdict.manifestDigest().isPresent() && digest.algorithm().equals(verdict.manifestDigest().get().algorithm())
                && !verdict.manifestDigest().get().equals(digest)) {
            throw new IOException("the policy evaluated " + verdict.manifestDigest().get() + ", not " + digest);
        }
        return RecordedVerdict.of(verdict);
    }

    private ImportResult failed(StreamTagName name, Optional<Digest> digest, String error, Exception failure)
            throws StoreException {
        store.recordFailure(name, new ImportFailure(clock.instant(), digest, error));
        FailureCause cause = FailureCause.of(failure);
        return new ImportResult.Failed(name, digest, error, cause.kind(), cause.retryAfter());
    }

    private Optional<CurrentDigestChange> notify(StreamTag tag, Optional<CurrentChange> change,
                                                 CurrentDigestChange.Cause cause) throws StoreException {
        Optional<CurrentDigestChange> event = Rollbacks.event(store, tag, change, cause);
        event.ifPresent(listeners::fire);
        return event;
    }

    /** Closes the registry clients kept between imports. */
    @Override
    public synchronized void close() {
        closed = true;
        gate.clients().close();
        if (previous != null) {
            previous.clients().close();
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
