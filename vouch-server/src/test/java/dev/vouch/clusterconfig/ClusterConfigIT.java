package dev.vouch.clusterconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.admission.FailureClass;
import dev.vouch.admission.ImageCheck;
import dev.vouch.admission.PolicyImageChecker;
import dev.vouch.admission.PolicySnapshots;
import dev.vouch.gate.CurrentDigestListeners;
import dev.vouch.gate.ImportResult;
import dev.vouch.gate.Importer;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.MovableClock;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration from the cluster end to end: objects on the mock API server (CRUD mode), mirrored to files that
 * admission's policy snapshots and the engine's gate follow, deciding on images pushed to the real docker-registry
 * and signed by skopeo with real gpg keys.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterConfigIT {
    static final String NS = "vouch";
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> {
        fixture = f;
        host = f.plain.hostPort();
    });
    static String host;

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(Instant.now());
    final ExecutorService executor = Executors.newFixedThreadPool(4);
    final Metrics metrics = new Metrics();
    final StringWriter logText = new StringWriter();
    ClusterConfigMirror mirror;
    PolicySnapshots snapshots;

    @AfterEach
    void stop() {
        if (snapshots != null) {
            snapshots.close();
        }
        if (mirror != null) {
            mirror.close();
        }
        executor.shutdownNow();
    }

    ClusterConfigSettings settings() {
        return new ClusterConfigSettings(NS, dir.resolve("cluster"), new ClusterObject(
                ClusterObject.Kind.CONFIG_MAP, "vouch-policy"), "policy.json", Optional.of(new ClusterObject(
                ClusterObject.Kind.CONFIG_MAP, "vouch-registries")), List.of(new ClusterObject(
                ClusterObject.Kind.CONFIG_MAP, "vouch-keys")));
    }

    String signedByPolicy() {
        return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"\":[{\"type\":\"signedBy\","
                + "\"keyType\":\"GPGKeys\",\"keyPath\":\"" + settings().keyFile("vouch-keys", "trusted.gpg")
                + "\"}]}}}";
    }

    void put(String name, Map<String, String> data, Map<String, byte[]> binary) {
        Map<String, String> encoded = new TreeMap<>();
        binary.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withData(data.isEmpty() ? null : data).withBinaryData(encoded.isEmpty() ? null : encoded).build();
        client.configMaps().inNamespace(NS).resource(configMap).createOr(existing -> existing.update());
    }

    Map<String, String> registriesD() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(fixture.fileRegistriesDirectory)) {
            for (Path file : listed.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    /** Waits until the mirror published objects other than {@code before}, then lets the snapshots look again. */
    void awaitPublished(String before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (mirror.published().equals(before)) {
            assertThat(System.nanoTime()).as("published within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        snapshots.refreshNow();
    }

    ImageCheck check(PolicyImageChecker checker, String image) {
        return checker.check(image, "team", Instant.now().plusSeconds(20));
    }

    @Test
    void aKeyAddedToTheConfigMapChangesAdmissionsAndTheGatesDecisionAndAnInvalidPolicyChangesNothing()
            throws Exception {
        put("vouch-policy", Map.of("policy.json", signedByPolicy()), Map.of());
        put("vouch-registries", registriesD(), Map.of());
        put("vouch-keys", Map.of(), Map.of("trusted.gpg", fixture.gpg.exportPublicKeys(fixture.trustedKey)));
        JsonLog log = new JsonLog(logText, Clock.systemUTC(), JsonLog.Level.DEBUG);
        mirror = ClusterConfigMirror.start(settings(), client, log, Clock.systemUTC());
        mirror.register(metrics);
        SourceContext base = SourceContext.defaults().withHomeDirectory(fixture.home, false).withTlsVerify(false);
        snapshots = PolicySnapshots.open(settings().policyFile(), Optional.of(settings().registriesDirectory()), base,
                clock, problem -> log.error("admission.policy", Map.of("problem", problem)));
        PolicyImageChecker checker = new PolicyImageChecker(snapshots, executor, Clock.systemUTC());
        SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"));
        Importer importer = new Importer(store, snapshots, new CurrentDigestListeners(), clock);
        StreamTag tag = new StreamTag(StreamTagName.parse("app:prod"), TagSource.parse("docker://" + host
                + "/wrongkey:v1", dir), Duration.ofMinutes(15), false);
        try {
            assertThat(check(checker, host + "/signed:v1").isAccepted()).isTrue();
            assertThat(check(checker, host + "/wrongkey:v1").failure()).contains(FailureClass.WRONG_KEY);
            assertThat(importer.importTag(tag).accepted()).isFalse();

            String before = mirror.published();
            put("vouch-keys", Map.of(), Map.of("trusted.gpg", fixture.gpg.exportPublicKeys(fixture.trustedKey,
                    fixture.otherKey)));
            awaitPublished(before);

            ImageCheck added = check(checker, host + "/wrongkey:v1");
            assertThat(added.isAccepted()).as(added.describe()).isTrue();
            ImportResult imported = importer.importTag(tag);
            assertThat(imported).as("the gate verifies the rejected digest again under the new key")
                    .isInstanceOf(ImportResult.Verified.class);
            assertThat(imported.accepted()).isTrue();
            assertThat(store.tagState(tag.name()).current()).contains(
                    dev.vouch.reference.Digest.parse(fixture.digests.get(host + "/wrongkey:v1")));

            String version = snapshots.get().version();
            put("vouch-policy", Map.of("policy.json", "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],"
                    + "\"typo\":1}"), Map.of());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (mirror.problem().isEmpty()) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            snapshots.refreshNow();
            assertThat(check(checker, host + "/unsigned:v1").failure()).as("still the signedBy policy")
                    .contains(FailureClass.NO_SIGNATURE);
            assertThat(check(checker, host + "/wrongkey:v1").isAccepted()).isTrue();
            assertThat(snapshots.get().version()).isEqualTo(version);
            assertThat(metrics.render()).contains("vouch_cluster_config_invalid 1");
            assertThat(mirror.problem().orElseThrow()).startsWith("configmap vouch/vouch-policy: data.policy.json:"
                    + " invalid policy").contains("typo");
            deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (client.v1().events().inNamespace(NS).list().getItems().isEmpty()) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(client.v1().events().inNamespace(NS).list().getItems()).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("InvalidPolicy");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("vouch-policy");
                assertThat(e.getType()).isEqualTo("Warning");
            });
        } finally {
            importer.close();
            store.close();
        }
    }
}
