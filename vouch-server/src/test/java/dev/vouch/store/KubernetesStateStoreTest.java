package dev.vouch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static dev.vouch.store.StoreFixtures.accepted;
import static dev.vouch.store.StoreFixtures.digest;
import static dev.vouch.store.StoreFixtures.rejected;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.crd.ImageStreamResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KubernetesStateStore} on the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesStateStoreTest {
    static final String NAMESPACE = "team";
    static final StreamTagName PROD = StreamTagName.parse("app:prod");
    static final String POLICY = "sha256:policy";
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @BeforeEach
    void createTheStream() throws Exception {
        CrdFixtures.installCrd(client);
        CrdFixtures.create(client, CrdFixtures.stream(NAMESPACE, "app", "prod", "staging"));
    }

    GenericKubernetesResource read() {
        return client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(NAMESPACE)
                .withName("app").get();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
        return (Map<String, Object>) read().getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(Map<String, Object> holder, String type) {
        return ((List<Map<String, Object>>) holder.get("conditions")).stream().filter(c -> c.get("type").equals(type))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> tagStatus(String tag) {
        return ((List<Map<String, Object>>) status().get("tags")).stream().filter(t -> t.get("name").equals(tag))
                .findFirst().orElseThrow();
    }

    @Test
    void aNewLeaderWithItsOwnClientResumesFromTheStoredState() throws Exception {
        Digest a = digest("a");
        StateStore leader = KubernetesStateStore.open(client, NAMESPACE);
        leader.recordVerdict(PROD, a, accepted("KEY1"), POLICY, at(1));
        leader.recordRollout(PROD, a, new Rollout("cluster", RolloutResult.SUCCEEDED, Optional.of("deploy/web"),
                Optional.empty(), at(2)));
        try (KubernetesClient other = server.createClient()) {
            StateStore successor = KubernetesStateStore.open(other, NAMESPACE);
            assertThat(successor.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), false, Optional.of(a)));
            HistoryEntry entry = successor.entry(PROD, a).orElseThrow();
            assertThat(entry.verdict()).isEqualTo(accepted("KEY1"));
            assertThat(entry.rollouts()).containsExactly(new Rollout("cluster", RolloutResult.SUCCEEDED,
                    Optional.of("deploy/web"), Optional.empty(), at(2)));
            assertThat(successor.tagStates()).extracting(TagState::tag).containsExactly(PROD);
        }
    }

    @Test
    void conditionsSayWhatIsWrongInWords() throws Exception {
        StateStore store = KubernetesStateStore.open(client, NAMESPACE);
        Digest a = digest("a");
        Digest b = digest("b");
        store.recordFailure(PROD, new ImportFailure(at(0), Optional.empty(), "registry h.io: connection refused"));
        assertThat(condition(tagStatus("prod"), "ImportFailing")).containsEntry("status", "True")
                .containsEntry("reason", "ImportFailed").containsEntry("message", "registry h.io: connection refused");
        assertThat(condition(tagStatus("prod"), "Ready")).containsEntry("status", "False")
                .containsEntry("reason", "NoAcceptedDigest");
        assertThat(condition(status(), "ImportFailing")).containsEntry("status", "True")
                .containsEntry("message", "the last import failed: prod");
        assertThat(condition(status(), "Ready")).containsEntry("status", "False")
                .containsEntry("message", "without an accepted digest: prod, staging");

        store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
        store.recordVerdict(PROD, b, rejected("no signature by the production key"), POLICY, at(2));
        assertThat(condition(tagStatus("prod"), "ImportFailing")).containsEntry("status", "False")
                .containsEntry("reason", "ImportSucceeded").containsEntry("lastTransitionTime", at(1).toString());
        assertThat(condition(tagStatus("prod"), "Ready")).containsEntry("status", "True")
                .containsEntry("message", "at " + a + "; the source points at " + b
                        + ", rejected: no signature by the production key")
                .containsEntry("lastTransitionTime", at(1).toString());

        store.recordVerdict(PROD, digest("c"), accepted("K"), POLICY, at(3));
        store.pin(PROD, Optional.of(a), at(4));
        assertThat(condition(tagStatus("prod"), "Pinned")).containsEntry("status", "True")
                .containsEntry("reason", "RolledBack");
        assertThat(condition(status(), "Pinned")).containsEntry("status", "True").containsEntry("message",
                "pinned: prod");
        assertThat(status().get("observedGeneration")).isEqualTo(read().getMetadata().getGeneration().intValue());
    }

    @Test
    void aChangeThatChangesNothingWritesNothing() throws Exception {
        StateStore store = KubernetesStateStore.open(client, NAMESPACE);
        Digest a = digest("a");
        store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
        String version = read().getMetadata().getResourceVersion();
        assertThat(store.recordSeen(PROD, a, at(2))).isEmpty();
        assertThat(store.unpin(PROD, at(3))).isEmpty();
        assertThat(read().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void historyIsTrimmedToItsMaximumButNeverLosesTheCurrentDigest() throws Exception {
        StateStore store = KubernetesStateStore.open(client, NAMESPACE, 3);
        Digest a = digest("a");
        store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
        store.recordVerdict(PROD, digest("b"), accepted("K"), POLICY, at(2));
        store.pin(PROD, Optional.of(a), at(3));
        for (String seed : List.of("c", "d", "e")) {
            store.recordVerdict(PROD, digest(seed), accepted("K"), POLICY, at(4));
        }
        assertThat(store.history(PROD)).extracting(HistoryEntry::digest)
                .containsExactly(digest("e"), digest("d"), a);
        assertThat(store.tagState(PROD).current()).contains(a);
        store.unpin(PROD, at(5));
        store.recordVerdict(PROD, digest("f"), rejected("unsigned"), POLICY, at(6));
        assertThat(store.history(PROD)).extracting(HistoryEntry::digest)
                .containsExactly(digest("f"), digest("e"), digest("d"));
        assertThatThrownBy(() -> KubernetesStateStore.open(client, NAMESPACE, KubernetesStateStore.MAX_HISTORY + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolloutsAreTrimmedButKeepEachTargetsNewestSuccess() throws Exception {
        StateStore store = KubernetesStateStore.open(client, NAMESPACE);
        Digest a = digest("a");
        store.recordVerdict(PROD, a, accepted("K"), POLICY, at(0));
        store.recordRollout(PROD, a, new Rollout("git", RolloutResult.SUCCEEDED, Optional.of("c0"), Optional.empty(),
                at(1)));
        for (int i = 0; i < KubernetesStateStore.MAX_ROLLOUTS_PER_ENTRY + 5; i++) {
            store.recordRollout(PROD, a, new Rollout("cluster", RolloutResult.FAILED, Optional.empty(),
                    Optional.of("failure " + i), at(2 + i)));
        }
        List<Rollout> rollouts = store.entry(PROD, a).orElseThrow().rollouts();
        assertThat(rollouts).hasSize(KubernetesStateStore.MAX_ROLLOUTS_PER_ENTRY);
        assertThat(rollouts.get(0).ref()).contains("c0");
        assertThat(rollouts.get(rollouts.size() - 1).message())
                .contains("failure " + (KubernetesStateStore.MAX_ROLLOUTS_PER_ENTRY + 4));
    }

    @Test
    void aStatusVouchCannotReadIsAnErrorNotAnEmptyState() {
        String version = read().getMetadata().getResourceVersion();
        patchStatus(version, "{\"tags\": [{\"name\": \"prod\", \"pinned\": false, \"current\": \"latest\"}]}");
        StateStore store = KubernetesStateStore.open(client, NAMESPACE);
        assertThatThrownBy(() -> store.tagState(PROD)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("imagestream team/app: the status cannot be read");
        assertThatThrownBy(() -> store.recordVerdict(PROD, digest("a"), accepted("K"), POLICY, at(1)))
                .isInstanceOf(StoreException.class).hasMessageContaining("the status cannot be read");
        patchStatus(read().getMetadata().getResourceVersion(), "{\"tags\": [], \"extra\": 1}");
        assertThatThrownBy(() -> store.tagStates()).isInstanceOf(StoreException.class)
                .hasMessageContaining("extra");
    }

    @Test
    void aStreamWithoutAResourceReadsEmptyAndRefusesWrites() throws Exception {
        StateStore store = KubernetesStateStore.open(client, NAMESPACE);
        StreamTagName missing = StreamTagName.parse("gone:prod");
        assertThat(store.tagState(missing)).isEqualTo(TagState.empty(missing));
        assertThat(store.history(missing)).isEmpty();
        assertThatThrownBy(() -> store.recordVerdict(missing, digest("a"), accepted("K"), POLICY, at(1)))
                .isInstanceOf(StoreException.class)
                .hasMessage("imagestream team/gone: recording the verdict on gone:prod@" + digest("a")
                        + ": the image stream does not exist");
    }

    /** Every field of a busy status is declared in the CRD's schema, with its type, pattern, enum and bounds. */
    @Test
    void theStatusWrittenIsValidAgainstTheCrdsSchema() throws Exception {
        StateStore store = KubernetesStateStore.open(client, NAMESPACE);
        Digest a = digest("a");
        store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
        store.recordRollout(PROD, a, new Rollout("git", RolloutResult.SUCCEEDED, Optional.of("c1"), Optional.empty(),
                at(2)));
        store.recordRollout(PROD, a, new Rollout("git", RolloutResult.FAILED, Optional.empty(), Optional.of("push"),
                at(2)));
        store.recordVerdict(PROD, digest("b"), rejected("unsigned"), POLICY, at(3));
        store.recordVerdict(PROD, digest("c"), accepted("K"), POLICY, at(3));
        store.pin(PROD, Optional.empty(), at(4));
        store.recordFailure(PROD, new ImportFailure(at(5), Optional.of(a), "timeout"));
        store.recordFailure(StreamTagName.parse("app:staging"), new ImportFailure(at(5), Optional.empty(), "401"));
        Map<String, Object> schema = dev.vouch.crd.CrdFixtures.statusSchema();
        List<String> problems = new java.util.ArrayList<>();
        validate(status(), schema, "status", problems);
        assertThat(problems).isEmpty();
        // and the check can fail
        validate(Map.of("tags", List.of(Map.of("name", "-x", "pinned", "no"))), schema, "status", problems);
        assertThat(problems).containsExactlyInAnyOrder("status.tags[0].name: does not match the pattern",
                "status.tags[0].pinned: expected boolean");
    }

    /** The subset of OpenAPI v3 the CRD uses, as the API server applies it (unknown fields are errors here). */
    @SuppressWarnings("unchecked")
    static void validate(Object value, Map<String, Object> schema, String path, List<String> problems) {
        String type = (String) schema.get("type");
        switch (type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": expected object");
                    return;
                }
                Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
                    if (!map.containsKey(required)) {
                        problems.add(path + "." + required + ": required");
                    }
                }
                map.forEach((key, field) -> {
                    Map<String, Object> fieldSchema = (Map<String, Object>) properties.get(key);
                    if (fieldSchema == null) {
                        problems.add(path + "." + key + ": not in the schema");
                    } else {
                        validate(field, fieldSchema, path + "." + key, problems);
                    }
                });
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": expected array");
                    return;
                }
                Number max = (Number) schema.get("maxItems");
                if (max != null && list.size() > max.intValue()) {
                    problems.add(path + ": more than " + max + " items");
                }
                for (int i = 0; i < list.size(); i++) {
                    validate(list.get(i), (Map<String, Object>) schema.get("items"), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String text)) {
                    problems.add(path + ": expected string");
                    return;
                }
                if (schema.containsKey("pattern") && !Pattern.compile((String) schema.get("pattern")).matcher(text)
                        .find()) {
                    problems.add(path + ": does not match the pattern");
                }
                if (schema.containsKey("enum") && !((List<String>) schema.get("enum")).contains(text)) {
                    problems.add(path + ": not one of " + schema.get("enum"));
                }
                if ("date-time".equals(schema.get("format"))) {
                    try {
                        Instant.parse(text);
                    } catch (java.time.format.DateTimeParseException e) {
                        problems.add(path + ": not a date-time");
                    }
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(path + ": expected boolean");
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer) && !(value instanceof Long)) {
                    problems.add(path + ": expected integer");
                }
            }
            default -> problems.add(path + ": the test does not know type " + type);
        }
    }

    /**
     * What the store relies on, checked on the mock server: a JSON patch of the status that sets a stale resource
     * version is refused with 409 Conflict, as the API server does. (The mock does not check the version of a
     * {@code PUT .../status}, which is why the store patches.)
     */
    @Test
    void aStatusPatchWithAStaleResourceVersionIsRefusedWithAConflict() {
        String stale = read().getMetadata().getResourceVersion();
        patchStatus(stale, "{\"observedGeneration\": 1}");
        assertThat(read().getMetadata().getResourceVersion()).isNotEqualTo(stale);
        assertThatThrownBy(() -> patchStatus(stale, "{\"observedGeneration\": 2}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(read().getAdditionalProperties().get("status")).isEqualTo(Map.of("observedGeneration", 1));
    }

    void patchStatus(String resourceVersion, String status) {
        client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(NAMESPACE).withName("app")
                .subresource("status").patch(PatchContext.of(PatchType.JSON), "[{\"op\": \"replace\", \"path\":"
                        + " \"/metadata/resourceVersion\", \"value\": \"" + resourceVersion + "\"}, {\"op\": \"add\","
                        + " \"path\": \"/status\", \"value\": " + status + "}]");
    }
}
