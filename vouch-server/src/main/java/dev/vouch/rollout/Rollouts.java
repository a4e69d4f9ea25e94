package dev.vouch.rollout;

import dev.vouch.gate.CurrentDigestChange;
import dev.vouch.gate.CurrentDigestListener;
import dev.vouch.gittarget.ChangeDescription;
import dev.vouch.gittarget.EditResult;
import dev.vouch.gittarget.FileEdit;
import dev.vouch.gittarget.GitTarget;
import dev.vouch.gittarget.GitTargetException;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Counter;
import dev.vouch.metrics.Metrics;
import dev.vouch.reference.Digest;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.Rollout;
import dev.vouch.store.RolloutResult;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rolls a tag's current digest out to the Git target: on each {@link CurrentDigestChange}, one {@link FileEdit} per
 * manifest file with a trigger following the tag (see {@link RolloutPlanner}), submitted together (one commit).
 * Each file's outcome is recorded in the store as a {@link Rollout} of the digest, once it is published (a commit
 * not yet pushed is recorded when the push succeeds). Problems in the manifests are logged and counted on every
 * plan. Edits are idempotent, so submitting a tag's current digest again (as {@link #resubmit} does on start) finds
 * nothing to change where the rollout had completed, and completes it where a crash interrupted it.
 */
public final class Rollouts implements CurrentDigestListener, AutoCloseable {
    private final GitTarget target;
    private final String targetName;
    private final StateStore store;
    private final JsonLog log;
    private final Clock clock;
    private final Counter results;
    private final AtomicInteger manifestProblems = new AtomicInteger();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final List<RolloutOutcome> outcomes = new CopyOnWriteArrayList<>();
    private volatile List<String> lastProblems = List.of();
    private final Map<StreamTagName, Digest> submitted = new ConcurrentHashMap<>();
    private final Map<String, StreamTag> tags;

    private Rollouts(GitTargetSettings settings, List<StreamTag> tags, StateStore store, JsonLog log,
                     Metrics metrics, Clock clock) throws GitTargetException {
        this.targetName = settings.remote().orElse(settings.directory().toString());
        this.store = store;
        this.log = log;
        this.clock = clock;
        Map<String, StreamTag> byName = new LinkedHashMap<>();
        tags.forEach(tag -> byName.put(tag.name().toString(), tag));
        this.tags = byName;
        this.results = metrics.counter("vouch_rollouts_total",
                "Rollouts of a digest to a manifest file, by result (succeeded, unchanged, failed).", "result");
        metrics.gauge("vouch_manifest_problems", "Problems (such as malformed trigger annotations) found in the"
                + " target's manifests when last read.", manifestProblems::get);
        this.target = GitTarget.open(settings, this::lateResult);
    }

    /**
     * Opens the target (cloning or recovering it as {@link GitTarget#open} does).
     *
     * @param tags the configured tags, to recognise the late results of their edits (and those of the tags
     *     {@code DockerImage} triggers follow, whose names say so)
     */
    public static Rollouts open(GitTargetSettings settings, List<StreamTag> tags, StateStore store, JsonLog log,
                                Metrics metrics, Clock clock) throws GitTargetException {
        return new Rollouts(settings, tags, store, log, metrics, clock);
    }

    public GitTarget target() {
        return target;
    }

    @Override
    public void currentDigestChanged(CurrentDigestChange change) {
        rollOut(change.tag(), change.entry(), false);
    }

    /** Submits {@code tag}'s current digest again (on start): what is already in the manifests is not recorded again. */
    public void resubmit(StreamTag tag, HistoryEntry current) {
        rollOut(tag, current, true);
    }

    /**
     * Submits {@code current} unless it is the digest this process last submitted for {@code tag}: catches changes
     * made by another process ({@code vouch rollout undo} and {@code resume} change the store, not this process).
     */
    public void ensureSubmitted(StreamTag tag, HistoryEntry current) {
        if (!current.digest().equals(submitted.get(tag.name()))) {
            rollOut(tag, current, true);
        }
    }

    /** Waits until every submitted rollout has a result (or {@code timeout} passes); true if none is pending. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            for (CompletableFuture<?> future : List.copyOf(pending)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    future.get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    pending.remove(future);
                } catch (TimeoutException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The outcomes recorded so far, in order. */
    public List<RolloutOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The problems found in the manifests when they were last read, without repeats, in file order. */
    public List<String> manifestProblems() {
        return lastProblems.stream().distinct().toList();
    }

    private void rollOut(StreamTag tag, HistoryEntry entry, boolean resubmission) {
        Digest digest = entry.digest();
        submitted.put(tag.name(), digest);
        RolloutPlanner.Plan plan;
        try {
            plan = RolloutPlanner.plan(target.settings().directory(), tag);
        } catch (IOException | RuntimeException e) {
            log.error("rollout.failed", Map.of("tag", tag.name().toString(), "digest", digest.toString(),
                    "error", "reading the manifests: " + e.getMessage()));
            record(tag.name(), digest, "(manifests)", RolloutResult.FAILED, Optional.empty(),
                    Optional.of("reading the manifests: " + e.getMessage()));
            return;
        }
        reportProblems(plan.problems());
        if (plan.files().isEmpty()) {
            log.info("rollout.no_triggers", Map.of("tag", tag.name().toString(), "digest", digest.toString()));
            return;
        }
        ChangeDescription description = new ChangeDescription(tag.name().stream(), tag.name().tag(),
                digest.toString(), signers(entry.verdict()));
        List<FileEdit> edits = new ArrayList<>();
        for (String path : plan.files()) {
            edits.add(new FileEdit(path, current -> RolloutPlanner.rewrite(path, current, tag, digest), description));
        }
        log.info("rollout.submitted", Map.of("tag", tag.name().toString(), "digest", digest.toString(),
                "files", String.join(",", plan.files())));
        boolean alreadyRecorded = resubmission && entry.rollouts().stream().anyMatch(r -> r.target().equals(targetName)
                && r.result() != RolloutResult.FAILED);
        CompletableFuture<List<EditResult>> future = target.submitAll(edits);
        pending.add(future);
        future.whenComplete((list, failure) -> {
            try {
                if (failure != null) {
                    for (FileEdit edit : edits) {
                        record(tag.name(), digest, edit.path(), RolloutResult.FAILED, Optional.empty(),
                                Optional.of(failure.getMessage() == null ? failure.toString() : failure.getMessage()));
                    }
                    return;
                }
                for (EditResult result : list) {
                    handle(tag.name(), digest, result, alreadyRecorded);
                }
            } finally {
                pending.remove(future);
            }
        });
    }

    private void handle(StreamTagName tag, Digest digest, EditResult result, boolean alreadyRecorded) {
        String path = result.edit().path();
        switch (result.status()) {
            case CHANGED -> {
                if (result.published()) {
                    record(tag, digest, path, RolloutResult.SUCCEEDED, result.commitId(), Optional.empty());
                } else {
                    log.warn("rollout.unpublished", Map.of("tag", tag.toString(), "digest", digest.toString(),
                            "path", path, "commit", result.commitId().orElse(""),
                            "reason", result.problem().orElse("not pushed yet")));
                }
            }
            case UNCHANGED -> {
                if (!alreadyRecorded) {
                    record(tag, digest, path, RolloutResult.UNCHANGED, Optional.empty(), Optional.empty());
                }
            }
            default -> record(tag, digest, path, RolloutResult.FAILED, Optional.empty(),
                    Optional.of(result.status().name().toLowerCase(java.util.Locale.ROOT) + ": "
                            + result.problem().orElse("no reason given")));
        }
    }

    /** The final result of an edit first reported as not published. */
    private void lateResult(EditResult result) {
        ChangeDescription description = result.edit().description();
        StreamTag tag = tags.get(description.streamTag());
        StreamTagName name;
        Digest digest;
        try {
            digest = Digest.parse(description.digest());
            name = tag != null ? tag.name() : StreamTagName.parse(description.streamTag());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (tag == null && !DockerImageTags.isDirect(name)) {
            return;
        }
        handle(name, digest, result, false);
    }

    private void record(StreamTagName tag, Digest digest, String path, RolloutResult result, Optional<String> commit,
                        Optional<String> problem) {
        results.inc(result.name().toLowerCase(java.util.Locale.ROOT));
        outcomes.add(new RolloutOutcome(tag, digest, path, result, commit, problem));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tag", tag.toString());
        fields.put("digest", digest.toString());
        fields.put("path", path);
        commit.ifPresent(c -> fields.put("commit", c));
        problem.ifPresent(p -> fields.put("error", p));
        String event = "rollout." + result.name().toLowerCase(java.util.Locale.ROOT);
        if (result == RolloutResult.FAILED) {
            log.error(event, fields);
        } else {
            log.info(event, fields);
        }
        try {
            store.recordRollout(tag, digest, new Rollout(targetName, result, commit,
                    Optional.of(path + problem.map(p -> ": " + p).orElse("")), clock.instant()));
        } catch (StoreException e) {
            log.error("rollout.not_recorded", Map.of("tag", tag.toString(), "digest", digest.toString(),
                    "error", e.getMessage()));
        }
    }

    /**
     * Records the problems found in the manifests (as a re-scan of the target finds them): the gauge is set to their
     * number and those not reported last time are logged.
     */
    public synchronized void reportProblems(List<String> found) {
        manifestProblems.set(found.size());
        List<String> previous = lastProblems;
        lastProblems = List.copyOf(found);
        for (String problem : found) {
            if (!previous.contains(problem)) {
                log.warn("manifest.problem", Map.of("problem", problem));
            }
        }
    }

    private static List<String> signers(RecordedVerdict verdict) {
        return verdict.signers().stream().map(RecordedVerdict.Signer::key).distinct().toList();
    }

    /** Finishes the queued edits and releases the target. */
    @Override
    public void close() {
        target.close();
    }
}
