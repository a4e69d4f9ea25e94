package dev.vouch.store;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One tag's state as {@link KubernetesStateStore} keeps it in the resource's status, with the operations of
 * {@link StateStore} as pure changes to it (the same rules as {@link SqliteStateStore}). The history is kept in the
 * order the tag was seen at its digests, the most recent first; failures the newest first. Not thread-safe: each
 * attempt to write works on its own copy read from the API.
 */
final class TagRecord {
    final StreamTagName name;
    Optional<Digest> current = Optional.empty();
    boolean pinned;
    Optional<Digest> observed = Optional.empty();
    final List<HistoryEntry> history = new ArrayList<>();
    final List<ImportFailure> failures = new ArrayList<>();
    final Conditions conditions = new Conditions();

    TagRecord(StreamTagName name) {
        this.name = name;
    }

    TagState state() {
        return new TagState(name, current, pinned, observed);
    }

    Optional<HistoryEntry> entry(Digest digest) {
        return history.stream().filter(e -> e.digest().equals(digest)).findFirst();
    }

    Optional<CurrentChange> recordVerdict(Digest digest, RecordedVerdict verdict, String policyDigest, Instant time) {
        Optional<HistoryEntry> existing = entry(digest);
        if (existing.isPresent()) {
            HistoryEntry old = existing.get();
            replace(old, new HistoryEntry(name, digest, old.firstSeen(), old.lastSeen(), time, verdict, policyDigest,
                    old.rollouts()));
            markSeen(digest, time);
        } else {
            history.add(0, new HistoryEntry(name, digest, time, time, time, verdict, policyDigest, List.of()));
            observed = Optional.of(digest);
        }
        importSucceeded(time);
        return followNewest();
    }

    Optional<CurrentChange> recordSeen(Digest digest, Instant time, String store) throws StoreException {
        if (entry(digest).isEmpty()) {
            throw new StoreException(store + ": " + digest + " is not in the history of " + name);
        }
        markSeen(digest, time);
        importSucceeded(time);
        return followNewest();
    }

    void recordFailure(ImportFailure failure) {
        failures.add(0, failure);
        while (failures.size() > StateStore.MAX_FAILURES_KEPT) {
            failures.remove(failures.size() - 1);
        }
        conditions.set(Conditions.IMPORT_FAILING, true, "ImportFailed", failure.error(), failure.time());
    }

    CurrentChange pin(Optional<Digest> digest, Instant time) throws PinRefusedException {
        Digest target;
        if (digest.isPresent()) {
            target = digest.get();
            if (entry(target).filter(HistoryEntry::accepted).isEmpty()) {
                throw new PinRefusedException(target + " is not an accepted digest in the history of " + name);
            }
        } else {
            Digest from = current.orElseThrow(() -> new PinRefusedException(name
                    + " has no current digest to go back from"));
            int position = history.indexOf(entry(from).orElseThrow());
            target = history.subList(position + 1, history.size()).stream().filter(HistoryEntry::accepted)
                    .map(HistoryEntry::digest).findFirst().orElseThrow(() -> new PinRefusedException(
                            "no accepted digest of " + name + " is older than the current one, " + from));
        }
        CurrentChange change = new CurrentChange(name, current, target, true);
        current = Optional.of(target);
        pinned = true;
        return change;
    }

    Optional<CurrentChange> unpin() {
        pinned = false;
        return followNewest();
    }

    void recordRollout(Digest digest, Rollout rollout, String store) throws StoreException {
        HistoryEntry entry = entry(digest).orElseThrow(() -> new StoreException(store + ": " + digest
                + " is not in the history of " + name));
        List<Rollout> rollouts = new ArrayList<>(entry.rollouts());
        rollouts.add(rollout);
        trimRollouts(rollouts);
        replace(entry, new HistoryEntry(name, digest, entry.firstSeen(), entry.lastSeen(), entry.verifiedAt(),
                entry.verdict(), entry.policyDigest(), rollouts));
    }

    /** Drops the least recently seen entries beyond {@code max}, never the current digest's. */
    void trimHistory(int max) {
        for (int i = history.size() - 1; i >= 0 && history.size() > max; i--) {
            if (!current.equals(Optional.of(history.get(i).digest()))) {
                history.remove(i);
            }
        }
    }

    /**
     * Drops the oldest rollouts beyond {@link KubernetesStateStore#MAX_ROLLOUTS_PER_ENTRY}, but never the newest
     * rollout of a target that did not fail: it is what a restarted controller reads to know the digest is out.
     */
    private static void trimRollouts(List<Rollout> rollouts) {
        Set<Rollout> kept = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (int i = rollouts.size() - 1; i >= 0; i--) {
            Rollout rollout = rollouts.get(i);
            if (rollout.result() != RolloutResult.FAILED && targets.add(rollout.target())) {
                kept.add(rollout);
            }
        }
        for (int i = 0; i < rollouts.size() && rollouts.size() > KubernetesStateStore.MAX_ROLLOUTS_PER_ENTRY; ) {
            if (kept.contains(rollouts.get(i))) {
                i++;
            } else {
                rollouts.remove(i);
            }
        }
    }

    /** Sets the conditions that follow from the state: {@code Ready} and {@code Pinned}. */
    void updateConditions(Instant time) {
        if (current.isPresent()) {
            String message = "at " + current.get() + rejectedNote();
            conditions.set(Conditions.READY, true, "CurrentDigest", message, time);
        } else {
            String message = observed.isPresent() ? "no accepted digest yet" + rejectedNote()
                    : "no import has reached a verdict yet";
            conditions.set(Conditions.READY, false, "NoAcceptedDigest", message, time);
        }
        if (pinned) {
            conditions.set(Conditions.PINNED, true, "RolledBack", "pinned to " + current.orElseThrow()
                    + "; imports do not move it until resumed", time);
        } else {
            conditions.set(Conditions.PINNED, false, "FollowingSource", "follows the newest accepted digest", time);
        }
        if (conditions.get(Conditions.IMPORT_FAILING).isEmpty()) {
            conditions.set(Conditions.IMPORT_FAILING, false, "NoFailedImport", "no import has failed", time);
        }
    }

    private String rejectedNote() {
        if (observed.isEmpty() || observed.equals(current)) {
            return "";
        }
        return entry(observed.get()).filter(e -> !e.accepted())
                .map(e -> "; the source points at " + e.digest() + ", rejected: " + e.verdict().summary())
                .orElse("");
    }

    private void importSucceeded(Instant time) {
        if (conditions.isTrue(Conditions.IMPORT_FAILING)) {
            conditions.set(Conditions.IMPORT_FAILING, false, "ImportSucceeded", "the last import reached a verdict",
                    time);
        }
    }

    /** The tag moved to {@code digest} (unless it already was there): the entry becomes the most recently seen. */
    private void markSeen(Digest digest, Instant time) {
        if (observed.equals(Optional.of(digest))) {
            return;
        }
        HistoryEntry old = entry(digest).orElseThrow();
        history.remove(old);
        history.add(0, new HistoryEntry(name, digest, old.firstSeen(), time, old.verifiedAt(), old.verdict(),
                old.policyDigest(), old.rollouts()));
        observed = Optional.of(digest);
    }

    /** Unless pinned: the most recently seen accepted digest becomes current. */
    private Optional<CurrentChange> followNewest() {
        if (pinned) {
            return Optional.empty();
        }
        Optional<Digest> newest = history.stream().filter(HistoryEntry::accepted).map(HistoryEntry::digest)
                .findFirst();
        if (newest.isEmpty() || newest.equals(current)) {
            return Optional.empty();
        }
        CurrentChange change = new CurrentChange(name, current, newest.get(), false);
        current = newest;
        return Optional.of(change);
    }

    private void replace(HistoryEntry old, HistoryEntry updated) {
        history.set(history.indexOf(old), updated);
    }
}
