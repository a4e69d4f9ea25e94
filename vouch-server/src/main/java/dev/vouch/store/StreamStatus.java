package dev.vouch.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.reference.Digest;
import dev.vouch.store.StatusJson.ConditionJson;
import dev.vouch.store.StatusJson.EntryJson;
import dev.vouch.store.StatusJson.FailureJson;
import dev.vouch.store.StatusJson.RolloutJson;
import dev.vouch.store.StatusJson.TagJson;
import dev.vouch.stream.StreamTagName;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one stream's tags, read from and written to an {@code ImageStream}'s status: the tags' records, and
 * the stream's own conditions, which sum up its tags' ({@code Ready} when every tag of the spec has a current digest,
 * {@code ImportFailing} and {@code Pinned} when one of them is).
 */
final class StreamStatus {
    private final String stream;
    private final Map<String, TagRecord> tags = new TreeMap<>();
    private final Conditions conditions = new Conditions();

    private StreamStatus(String stream) {
        this.stream = stream;
    }

    static StreamStatus empty(String stream) {
        return new StreamStatus(stream);
    }

    /**
     * Reads a status as stored ({@code null} for none).
     *
     * @throws IllegalArgumentException or {@link IOException} if it does not have the form vouch writes
     */
    static StreamStatus read(String stream, Object status) throws IOException {
        StreamStatus result = new StreamStatus(stream);
        if (status == null) {
            return result;
        }
        StatusJson json = StatusJson.MAPPER.convertValue(status, StatusJson.class);
        list(json.conditions()).forEach(c -> result.conditions.add(condition(c)));
        for (TagJson tag : list(json.tags())) {
            TagRecord record = new TagRecord(new StreamTagName(stream, required(tag.name(), "name")));
            record.current = Optional.ofNullable(tag.current()).map(Digest::parse);
            record.pinned = tag.pinned();
            record.observed = Optional.ofNullable(tag.observed()).map(Digest::parse);
            list(tag.conditions()).forEach(c -> record.conditions.add(condition(c)));
            for (EntryJson entry : list(tag.history())) {
                List<Rollout> rollouts = new ArrayList<>();
                for (RolloutJson rollout : list(entry.rollouts())) {
                    rollouts.add(new Rollout(required(rollout.target(), "target"),
                            RolloutResult.valueOf(required(rollout.result(), "result")),
                            Optional.ofNullable(rollout.ref()), Optional.ofNullable(rollout.message()),
                            Instant.parse(required(rollout.time(), "time"))));
                }
                record.history.add(new HistoryEntry(record.name, Digest.parse(required(entry.digest(), "digest")),
                        Instant.parse(required(entry.firstSeen(), "firstSeen")),
                        Instant.parse(required(entry.lastSeen(), "lastSeen")),
                        Instant.parse(required(entry.verifiedAt(), "verifiedAt")),
                        RecordedVerdict.fromJson(required(entry.verdict(), "verdict").toString()),
                        required(entry.policyDigest(), "policyDigest"), rollouts));
            }
            for (FailureJson failure : list(tag.failures())) {
                record.failures.add(new ImportFailure(Instant.parse(required(failure.time(), "time")),
                        Optional.ofNullable(failure.digest()).map(Digest::parse), required(failure.error(), "error")));
            }
            if (record.current.isPresent() && record.entry(record.current.get()).isEmpty()) {
                throw new IllegalArgumentException("the current digest of " + record.name + " is not in its history");
            }
            if (result.tags.put(record.name.tag(), record) != null) {
                throw new IllegalArgumentException("tag " + record.name.tag() + " appears twice");
            }
        }
        return result;
    }

    /** The record of {@code tag}, if the status has one. */
    Optional<TagRecord> tag(String tag) {
        return Optional.ofNullable(tags.get(tag));
    }

    /** The record of {@code tag}, created empty if the status has none. */
    TagRecord ensureTag(String tag) {
        return tags.computeIfAbsent(tag, t -> new TagRecord(new StreamTagName(stream, t)));
    }

    /** The tags' records, sorted by tag name. */
    List<TagRecord> tags() {
        return List.copyOf(tags.values());
    }

    /** Sets every condition after a change made at {@code time}; {@code specTags} are the tags the spec defines. */
    void updateConditions(List<String> specTags, Instant time) {
        tags.values().forEach(t -> t.updateConditions(time));
        List<String> waiting = specTags.stream().filter(t -> tag(t).map(r -> r.current.isEmpty()).orElse(true))
                .toList();
        if (waiting.isEmpty()) {
            conditions.set(Conditions.READY, true, "AllTagsCurrent", "every tag has an accepted current digest",
                    time);
        } else {
            conditions.set(Conditions.READY, false, "NoAcceptedDigest", "without an accepted digest: "
                    + String.join(", ", waiting), time);
        }
        summarize(Conditions.IMPORT_FAILING, "ImportFailed", "the last import failed: ", "NoFailedImport",
                "no tag's last import failed", time);
        summarize(Conditions.PINNED, "RolledBack", "pinned: ", "FollowingSource", "no tag is pinned", time);
    }

    private void summarize(String type, String trueReason, String truePrefix, String falseReason, String falseMessage,
                           Instant time) {
        List<String> names = tags.values().stream().filter(t -> t.conditions.isTrue(type)).map(t -> t.name.tag())
                .toList();
        if (names.isEmpty()) {
            conditions.set(type, false, falseReason, falseMessage, time);
        } else {
            conditions.set(type, true, trueReason, truePrefix + String.join(", ", names), time);
        }
    }

    /** The status to store; {@code generation} is the resource's {@code metadata.generation} it was computed for. */
    StatusJson toJson(Long generation) {
        List<TagJson> tagJson = new ArrayList<>();
        for (TagRecord tag : tags.values()) {
            List<EntryJson> history = new ArrayList<>();
            for (HistoryEntry entry : tag.history) {
                List<RolloutJson> rollouts = entry.rollouts().stream().map(r -> new RolloutJson(r.target(),
                        r.result().name(), r.ref().orElse(null), r.message().orElse(null), r.time().toString()))
                        .toList();
                JsonNode verdict;
                try {
                    verdict = StatusJson.MAPPER.readTree(entry.verdict().toJson());
                } catch (IOException e) {
                    throw new IllegalStateException("a verdict's own JSON did not parse", e);
                }
                history.add(new EntryJson(entry.digest().toString(), entry.firstSeen().toString(),
                        entry.lastSeen().toString(), entry.verifiedAt().toString(), entry.policyDigest(), verdict,
                        rollouts));
            }
            List<FailureJson> failures = tag.failures.stream().map(f -> new FailureJson(f.time().toString(),
                    f.digest().map(Digest::toString).orElse(null), f.error())).toList();
            tagJson.add(new TagJson(tag.name.tag(), tag.current.map(Digest::toString).orElse(null), tag.pinned,
                    tag.observed.map(Digest::toString).orElse(null), conditions(tag.conditions, null), history,
                    failures));
        }
        return new StatusJson(generation, conditions(conditions, generation), tagJson);
    }

    private static List<ConditionJson> conditions(Conditions conditions, Long generation) {
        return conditions.all().stream().map(c -> new ConditionJson(c.type(), c.status() ? "True" : "False",
                c.reason(), c.message(), c.lastTransitionTime().toString(), generation)).toList();
    }

    private static Conditions.Condition condition(ConditionJson json) {
        String status = required(json.status(), "status");
        if (!status.equals("True") && !status.equals("False")) {
            throw new IllegalArgumentException("condition status must be True or False, got " + status);
        }
        return new Conditions.Condition(required(json.type(), "type"), status.equals("True"),
                required(json.reason(), "reason"), required(json.message(), "message"),
                Instant.parse(required(json.lastTransitionTime(), "lastTransitionTime")));
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}
