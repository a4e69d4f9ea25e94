package dev.vouch.serve;

import dev.vouch.gate.CurrentDigestChange;
import dev.vouch.log.JsonLog;
import dev.vouch.rollout.DirectImageScan;
import dev.vouch.rollout.RolloutPlanner;
import dev.vouch.rollout.Rollouts;
import dev.vouch.store.HistoryEntry;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamTag;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Git target of {@code vouch serve}: {@link Rollouts}, and at run time the images the unpaused {@code DockerImage}
 * triggers of its manifests follow (as tags of {@link DockerImageTags#STREAM}, imported every {@code importInterval}).
 */
final class GitServeTarget implements ServeTarget {
    private final Rollouts rollouts;
    private final Duration dockerImageInterval;
    private final JsonLog log;
    private final DirectImageScan scan = new DirectImageScan();

    GitServeTarget(Rollouts rollouts, Duration dockerImageInterval, JsonLog log) {
        this.rollouts = rollouts;
        this.dockerImageInterval = dockerImageInterval;
        this.log = log;
    }

    Rollouts rollouts() {
        return rollouts;
    }

    @Override
    public void currentDigestChanged(CurrentDigestChange change) {
        rollouts.currentDigestChanged(change);
    }

    @Override
    public void resubmit(StreamTag tag, HistoryEntry current) {
        rollouts.resubmit(tag, current);
    }

    @Override
    public void ensureSubmitted(StreamTag tag, HistoryEntry current) {
        rollouts.ensureSubmitted(tag, current);
    }

    /** The manifests' problems are logged and counted as a rollout's reading does. */
    @Override
    public Optional<Map<StreamTag, Set<String>>> runtimeTags() {
        RolloutPlanner.DirectImages found;
        try {
            found = scan.scan(rollouts.target().settings().directory());
        } catch (IOException | RuntimeException e) {
            log.error("triggers.rescan_failed", Map.of("error", "reading the manifests: " + e.getMessage()));
            return Optional.empty();
        }
        rollouts.reportProblems(found.problems());
        Map<StreamTag, Set<String>> tags = new LinkedHashMap<>();
        found.images().forEach((image, places) -> tags.put(DockerImageTags.tag(image, dockerImageInterval), places));
        return Optional.of(tags);
    }

    @Override
    public String describe() {
        return rollouts.target().settings().directory().toString();
    }

    @Override
    public void close() {
        rollouts.close();
    }
}
