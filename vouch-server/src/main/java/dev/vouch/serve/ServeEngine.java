package dev.vouch.serve;

import dev.vouch.gate.CurrentDigestListeners;
import dev.vouch.gate.FailureKind;
import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.ImportResult;
import dev.vouch.gate.Importer;
import dev.vouch.gate.PolicyVersion;
import dev.vouch.gittarget.GitTargetException;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.io.SecretFiles;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Counter;
import dev.vouch.metrics.Metrics;
import dev.vouch.notify.TagHint;
import dev.vouch.reference.ImageReference;
import dev.vouch.rollout.Rollouts;
import dev.vouch.schedule.PollOutcome;
import dev.vouch.schedule.PollScheduler;
import dev.vouch.schedule.RegistryLimits;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.store.TagState;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code vouch serve} assembled: the state store, the gate ({@link Importer}), the rollouts to the target (Git, or a
 * cluster), the poll schedule, the notification hints and the HTTP endpoints. Closing stops them in reverse order
 * (scheduler, HTTP, importer, target, store).
 *
 * <p>Besides the tags of {@code vouch.yaml}, it follows the tags its {@link ServeTarget} names at run time: with the
 * Git target, the image of every unpaused {@code DockerImage} trigger in the target's manifests, as a tag of stream
 * {@link DockerImageTags#STREAM}; in a cluster, the tags of the {@code ImageStream} resources and, the same way, the
 * images of the unpaused {@code DockerImage} triggers of the watched workloads. They go through the same
 * gate, store, schedule and rollouts. They are read when the engine opens, every {@link #TRIGGER_RESCAN} while it
 * follows, and when the target says they changed: a new tag is followed from then on, a changed one with its new
 * settings, one no longer named is not polled any more (its history stays).
 */
public final class ServeEngine implements AutoCloseable {
    private final StreamConfig config;
    private final JsonLog log;
    private final Metrics metrics;
    private final StateStore store;
    private final ServeTarget target;
    private final Importer importer;
    private final Counter imports;
    private final Counter failures;
    /**
     * After a registry's notification the tag is read at once and, until it names a newly accepted digest, read again
     * after each of these pauses (every 250 ms for 2 s, then after 1 s and 2 s), a rejected digest verified again
     * each time. The event comes before the push is complete: docker-registry sends it when the manifest is stored,
     * before it moves the tag, and skopeo signs and writes the signatures (to a lookaside store, which sends no
     * notification) after pushing the manifest. A signature written within 5 s is found within 250 ms of being
     * written, and the gate's own pauses (30 s at first) cover later ones; a notification that moved nothing costs
     * these few {@code HEAD} requests, an unsigned push these few verifications, each recorded as a rejection.
     */
    public static final List<Duration> NOTIFICATION_RECHECKS = List.of(Duration.ofMillis(250),
            Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250),
            Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    /** How often the target's manifests are read again for the images their DockerImage triggers follow. */
    public static final Duration TRIGGER_RESCAN = Duration.ofSeconds(30);
    /** The scheduler key of the re-scan: not a {@code STREAM:TAG}, so no tag's key. */
    private static final String RESCAN_KEY = "(manifests)";

    private final List<StreamTag> followed = new CopyOnWriteArrayList<>();
    /** The tags the target names at run time, by name; changed only by {@link #rescanTriggers}. */
    private final Map<StreamTagName, StreamTag> direct = new ConcurrentHashMap<>();
    /** Where each of {@link #direct} was followed at the last re-scan. */
    private final Map<StreamTagName, Set<String>> directPlaces = new ConcurrentHashMap<>();
    /** Tags read again soon after a notification: how many of {@link #NOTIFICATION_RECHECKS} are done. */
    private final Map<StreamTagName, Integer> rechecks = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Closed after the engine, last first: what the engine uses but does not own (the followed policy). */
    private final List<AutoCloseable> closedAfter = new CopyOnWriteArrayList<>();
    private volatile PollScheduler scheduler;
    private volatile ServeHttp http;

    private ServeEngine(StreamConfig config, JsonLog log, Metrics metrics, StateStore store, ServeTarget target,
                        Importer importer, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.store = store;
        this.target = target;
        this.importer = importer;
        this.imports = metrics.counter("vouch_imports_total",
                "Imports of a followed tag, by outcome (accepted, rejected, unchanged, failed, paused).", "outcome");
        this.failures = metrics.counter("vouch_import_failures_total", "Failed imports of a followed tag, by reason"
                + " (unreachable, throttled, server_error, unauthorized, not_found, store, other).", "reason");
        metrics.gauge("vouch_followed_tags", "Tags followed on a schedule.", () -> followed.size());
    }

    /**
     * Opens the store and the Git target and builds the gate; nothing is imported or scheduled yet.
     *
     * @throws IllegalArgumentException if the configuration has no {@code target}
     */
    public static ServeEngine open(StreamConfig config, GatePolicy policy, SourceContext context, JsonLog log,
                                   Clock clock) throws StoreException, GitTargetException {
        PolicyVersion fixed = PolicyVersion.fixed(policy, context);
        return open(config, () -> fixed, log, clock);
    }

    /**
     * Opens the store and the Git target and builds the gate, which follows {@code policy} (asked at every import:
     * admission's {@code PolicySnapshots} follows the policy, registries.d and key files); nothing is imported or
     * scheduled yet.
     *
     * @throws IllegalArgumentException if the configuration has no {@code target}
     */
    public static ServeEngine open(StreamConfig config, Supplier<? extends PolicyVersion> policy, JsonLog log,
                                   Clock clock) throws StoreException, GitTargetException {
        if (config.target().isEmpty()) {
            throw new IllegalArgumentException(config.file() + ": target: vouch serve needs a target (the manifests"
                    + " to roll out to)");
        }
        Metrics metrics = new Metrics();
        StateStore store = SqliteStateStore.open(config.state());
        Rollouts rollouts;
        try {
            rollouts = Rollouts.open(config.target().get(), config.tags(), store, log, metrics, clock);
        } catch (GitTargetException | RuntimeException e) {
            store.close();
            throw e;
        }
        if (!rollouts.target().recovery().actions().isEmpty()) {
            log.warn("target.recovered", Map.of("actions", String.join("; ", rollouts.target().recovery().actions())));
        }
        return open(config, store, new GitServeTarget(rollouts, config.serve().dockerImageInterval(), log), metrics,
                policy, log, clock);
    }

    /**
     * Builds the gate over {@code store} rolling out to {@code target}, and reads the target's run-time tags; nothing
     * is imported or scheduled yet. The engine owns the store and the target from then on (closes them).
     *
     * @param metrics where the engine's metrics are registered (the target's may be there already)
     */
    public static ServeEngine open(StreamConfig config, StateStore store, ServeTarget target, Metrics metrics,
                                   Supplier<? extends PolicyVersion> policy, JsonLog log, Clock clock) {
        CurrentDigestListeners listeners = new CurrentDigestListeners();
        listeners.add(target);
        Importer importer = new Importer(store, policy, listeners, clock);
        log.info("serve.opened", Map.of("state", config.target().isPresent() ? config.state().toString()
                : "the cluster", "target", target.describe(), "tags", config.tags().size()));
        ServeEngine engine = new ServeEngine(config, log, metrics, store, target, importer, clock);
        engine.rescanTriggers();
        return engine;
    }

    /**
     * The tags followed: those of {@code vouch.yaml}, then those DockerImage triggers follow (as of the last
     * {@link #rescanTriggers}).
     */
    public List<StreamTag> tags() {
        List<StreamTag> tags = new ArrayList<>(config.tags());
        tags.addAll(direct.values());
        return tags;
    }

    /**
     * Reads the target's run-time tags again ({@link ServeTarget#runtimeTags}: with the Git target, the images the
     * manifests' unpaused {@code DockerImage} triggers follow): a new tag becomes a followed tag (scheduled if
     * {@link #follow} was called and it is not paused, and then imported at once), a changed one is followed with its
     * new settings, one no longer named stops being polled. A tag with a current digest that gained a place (a
     * trigger) has that digest submitted again, so that the new trigger gets it without waiting for the tag to move.
     * If the tags cannot be read, nothing changes.
     *
     * @return false if the tags could not be read
     */
    public synchronized boolean rescanTriggers() {
        Optional<Map<StreamTag, Set<String>>> found = target.runtimeTags();
        if (found.isEmpty()) {
            return false;
        }
        Map<StreamTagName, StreamTag> wanted = new LinkedHashMap<>();
        Map<StreamTagName, Set<String>> wantedPlaces = new LinkedHashMap<>();
        found.get().forEach((tag, places) -> {
            wanted.put(tag.name(), tag);
            wantedPlaces.put(tag.name(), places);
        });
        PollScheduler polls = scheduler;
        for (StreamTag tag : List.copyOf(direct.values())) {
            if (!tag.equals(wanted.get(tag.name()))) {
                direct.remove(tag.name());
                directPlaces.remove(tag.name());
                if (polls != null) {
                    polls.unfollow(tag.name().toString());
                }
                followed.remove(tag);
                log.info("follow.removed", Map.of("tag", tag.name().toString(), "source", tag.from().text()));
            }
        }
        for (StreamTag tag : wanted.values()) {
            Set<String> places = wantedPlaces.get(tag.name());
            Set<String> before = directPlaces.put(tag.name(), places);
            if (direct.putIfAbsent(tag.name(), tag) == null) {
                log.info("follow.added", Map.of("tag", tag.name().toString(), "source", tag.from().text()));
                if (polls != null && !tag.paused()) {
                    schedule(polls, tag);
                    polls.pollNow(tag.name().toString());
                }
            }
            if (before != null && !before.containsAll(places)) {
                submitCurrent(tag, true);
            }
        }
        return true;
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * The rollouts to the Git target.
     *
     * @throws IllegalStateException if the engine rolls out to a cluster
     */
    public Rollouts rollouts() {
        if (target instanceof GitServeTarget git) {
            return git.rollouts();
        }
        throw new IllegalStateException("the engine rolls out to " + target.describe() + ", not to a Git target");
    }

    /** Where the engine rolls out to. */
    public ServeTarget target() {
        return target;
    }

    public StateStore store() {
        return store;
    }

    /**
     * Submits every tag's current digest to the target again: after a crash between the gate and the commit, the
     * rollout completes; where it had completed, nothing changes.
     */
    public void resubmitCurrent() throws StoreException {
        for (StreamTag tag : tags()) {
            currentEntry(tag).ifPresent(e -> target.resubmit(tag, e));
        }
    }

    private Optional<HistoryEntry> currentEntry(StreamTag tag) throws StoreException {
        TagState state = store.tagState(tag.name());
        return state.current().isPresent() ? store.entry(tag.name(), state.current().get()) : Optional.empty();
    }

    /**
     * Submits {@code tag}'s current digest, if it has one: in any case ({@code again}), or only if this process has
     * not submitted it. A store failure is logged.
     */
    private void submitCurrent(StreamTag tag, boolean again) {
        try {
            Optional<HistoryEntry> entry = currentEntry(tag);
            if (entry.isPresent() && again) {
                target.resubmit(tag, entry.get());
            } else if (entry.isPresent()) {
                target.ensureSubmitted(tag, entry.get());
            }
        } catch (StoreException e) {
            log.error("rollout.failed", Map.of("tag", tag.name().toString(), "error", "reading the tag's state: "
                    + e.getMessage()));
        }
    }

    /** Imports every followed tag once, in order ({@link #tags}). */
    public List<ImportResult> importAll() {
        List<ImportResult> results = new ArrayList<>();
        for (StreamTag tag : tags()) {
            results.add(importOne(tag));
        }
        return results;
    }

    /** Imports one tag, counting and logging the outcome; a store failure is a failed import. */
    public ImportResult importOne(StreamTag tag) {
        return importOne(tag, false);
    }

    private ImportResult importOne(StreamTag tag, boolean recheckRejected) {
        ImportResult result;
        try {
            result = importer.importTag(tag, recheckRejected);
        } catch (StoreException e) {
            result = new ImportResult.Failed(tag.name(), Optional.empty(), "recording the import: " + e.getMessage(),
                    FailureKind.STORE);
        }
        String outcome = outcome(result);
        imports.inc(outcome);
        if (result instanceof ImportResult.Failed failed) {
            failures.inc(failed.kind().label());
        }
        if (!(result instanceof ImportResult.Paused)) {
            followCurrent(tag);
        }
        if (result instanceof ImportResult.Verified verified && !verified.accepted()) {
            target.rejected(tag, verified.entry());
        }
        if (!rechecks.containsKey(tag.name())) {
            scheduleRejectedRecheck(tag, result);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tag", tag.name().toString());
        fields.put("source", tag.from().text());
        if (result instanceof ImportResult.Verified verified) {
            fields.put("digest", verified.entry().digest().toString());
            fields.put("verdict", verified.entry().verdict().summary().strip());
            log.write(verified.accepted() ? JsonLog.Level.INFO : JsonLog.Level.WARN, "import." + outcome, fields);
        } else if (result instanceof ImportResult.Failed failed) {
            failed.digest().ifPresent(d -> fields.put("digest", d.toString()));
            fields.put("reason", failed.kind().label());
            failed.retryAfter().ifPresent(delay -> fields.put("retryAfterSeconds", delay.toSeconds()));
            fields.put("error", failed.error());
            log.error("import.failed", fields);
        } else if (result instanceof ImportResult.Known known) {
            fields.put("digest", known.entry().digest().toString());
            log.debug("import.unchanged", fields);
        }
        return result;
    }

    /** Rolls out the tag's current digest if this process has not: it was moved by another process (a pin). */
    private void followCurrent(StreamTag tag) {
        submitCurrent(tag, false);
    }

    static String outcome(ImportResult result) {
        if (result instanceof ImportResult.Verified verified) {
            return verified.accepted() ? "accepted" : "rejected";
        }
        if (result instanceof ImportResult.Known) {
            return "unchanged";
        }
        return result instanceof ImportResult.Failed ? "failed" : "paused";
    }

    /**
     * Schedules every unpaused tag at its import interval (the first poll within one interval, jittered), and the
     * re-scan of the target's run-time tags (the manifests' DockerImage triggers) every {@link #TRIGGER_RESCAN}.
     */
    public void follow(PollScheduler polls) {
        synchronized (this) {
            this.scheduler = polls;
            for (StreamTag tag : tags()) {
                if (!tag.paused()) {
                    schedule(polls, tag);
                }
            }
        }
        polls.follow(RESCAN_KEY, RESCAN_KEY, TRIGGER_RESCAN,
                () -> rescanTriggers() ? PollOutcome.ok() : PollOutcome.failed());
    }

    /** Polls every followed tag now (after {@link #follow}); nothing if the engine does not follow. */
    public void pollNow() {
        PollScheduler polls = scheduler;
        if (polls != null) {
            followed.forEach(tag -> polls.pollNow(tag.name().toString()));
        }
    }

    /**
     * Stops the schedule started by {@link #follow} (polls under way finish): the engine imports nothing more until
     * {@link #follow} is called again. A replica that loses the lease does this.
     */
    public void stopFollowing() {
        PollScheduler polls;
        synchronized (this) {
            polls = scheduler;
            scheduler = null;
            followed.clear();
            rechecks.clear();
        }
        if (polls != null) {
            polls.close();
        }
    }

    /**
     * Polls {@code tag} at its interval. A failed import is a failed poll (the scheduler backs off); one where the
     * registry sent {@code Retry-After} also holds back every poll of that registry until then.
     */
    private void schedule(PollScheduler polls, StreamTag tag) {
        polls.follow(tag.name().toString(), registryOf(tag), tag.importInterval(), () -> poll(tag));
        followed.add(tag);
    }

    /** What an import means for the schedule: a verdict (or a paused tag) is a successful poll. */
    static PollOutcome pollOutcome(ImportResult result) {
        if (result instanceof ImportResult.Failed failed) {
            return failed.retryAfter().map(PollOutcome::throttled).orElseGet(PollOutcome::failed);
        }
        return PollOutcome.ok();
    }

    /**
     * One poll of a followed tag. After a notification, a rejected digest is verified again at once, and the tag is
     * read again after the next of {@link #NOTIFICATION_RECHECKS} until it names a newly accepted digest (a failed
     * read ends the rechecks: the schedule's backoff applies).
     */
    private PollOutcome poll(StreamTag tag) {
        Integer done = rechecks.get(tag.name());
        ImportResult result = importOne(tag, done != null);
        if (done != null) {
            boolean settled = result instanceof ImportResult.Verified verified && verified.accepted()
                    || result instanceof ImportResult.Failed || result instanceof ImportResult.Paused;
            PollScheduler polls = scheduler;
            if (!settled && done < NOTIFICATION_RECHECKS.size() && polls != null
                    && rechecks.replace(tag.name(), done, done + 1)) {
                polls.pollAfter(tag.name().toString(), NOTIFICATION_RECHECKS.get(done));
            } else {
                rechecks.remove(tag.name(), done);
            }
        }
        return pollOutcome(result);
    }

    /**
     * When the tag names a rejected digest, the gate verifies it again once its pause is over (30 s at first,
     * doubling): that poll is scheduled here when it comes before the tag's next regular poll, so that a signature
     * written later (to a lookaside store, which sends no notification) is found then, not an import interval later.
     */
    private void scheduleRejectedRecheck(StreamTag tag, ImportResult result) {
        PollScheduler polls = scheduler;
        HistoryEntry entry = null;
        if (result instanceof ImportResult.Verified verified) {
            entry = verified.entry();
        } else if (result instanceof ImportResult.Known known) {
            entry = known.entry();
        }
        if (polls == null || entry == null || entry.accepted()) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), entry.verifiedAt().plus(Importer.recheckPause(entry)));
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        if (wait.compareTo(tag.importInterval()) < 0) {
            polls.pollAfter(tag.name().toString(), wait.plusMillis(100));
        }
    }

    /**
     * A registry's hint: every followed {@code docker://} tag it may concern is polled at once, and again soon until
     * it names a newly accepted digest ({@link #NOTIFICATION_RECHECKS}).
     */
    public void hint(TagHint hint) {
        PollScheduler polls = scheduler;
        if (polls == null) {
            return;
        }
        for (StreamTag tag : followed) {
            if (tag.from().reference() instanceof DockerTransportReference docker) {
                ImageReference reference = docker.dockerReference().orElseThrow();
                if (hint.concerns(reference.path(), reference.tag().orElse("latest"))) {
                    log.debug("notification.poll", Map.of("tag", tag.name().toString()));
                    rechecks.put(tag.name(), 0);
                    polls.pollNow(tag.name().toString());
                }
            }
        }
    }

    /** Starts the HTTP endpoints on the configured address (or {@code address} when given). */
    public ServeHttp startHttp(Optional<InetSocketAddress> address) throws IOException {
        return startHttp(address, this::notReadyBecause);
    }

    /** Starts the HTTP endpoints, {@code /readyz} answering as {@code readiness} says. */
    public ServeHttp startHttp(Optional<InetSocketAddress> address, Readiness readiness) throws IOException {
        InetSocketAddress bind = address.orElseGet(() -> new InetSocketAddress(config.serve().host(),
                config.serve().port()));
        Optional<String> token = Optional.empty();
        if (config.serve().notificationTokenFile().isPresent()) {
            token = Optional.of(SecretFiles.read("serve.notifications.tokenFile",
                    config.serve().notificationTokenFile().get()));
        }
        http = ServeHttp.start(bind, metrics, readiness, token, this::hint);
        log.info("serve.listening", Map.of("address", http.address().getHostString() + ":" + http.address().getPort(),
                "notifications", token.isPresent() ? "on" : "off"));
        return http;
    }

    private Optional<String> notReadyBecause() {
        if (scheduler == null) {
            return Optional.of("tags are not scheduled yet");
        }
        return Optional.empty();
    }

    static String registryOf(StreamTag tag) {
        if (tag.from().reference() instanceof DockerTransportReference docker) {
            return docker.dockerReference().orElseThrow().domain();
        }
        return "oci:";
    }

    /** A new poll scheduler with the default registry limits. */
    public static PollScheduler newScheduler() {
        return new PollScheduler(4, host -> RegistryLimits.DEFAULT, RandomGenerator.getDefault());
    }

    /** Closes {@code resource} when the engine closes, after the engine's own parts (last given, first closed). */
    public void closeWith(AutoCloseable resource) {
        closedAfter.add(0, resource);
    }

    @Override
    public void close() {
        PollScheduler polls = scheduler;
        if (polls != null) {
            polls.close();
        }
        if (http != null) {
            http.close();
        }
        importer.close();
        target.close();
        try {
            store.close();
        } catch (StoreException e) {
            log.error("serve.close", Map.of("error", e.getMessage()));
        }
        for (AutoCloseable resource : closedAfter) {
            try {
                resource.close();
            } catch (Exception e) {
                log.error("serve.close", Map.of("error", String.valueOf(e.getMessage())));
            }
        }
        log.info("serve.stopped", Map.of());
    }
}
