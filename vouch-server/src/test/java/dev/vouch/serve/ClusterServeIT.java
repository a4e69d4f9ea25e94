package dev.vouch.serve;

import static dev.vouch.serve.ServeIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.leader.Fence;
import dev.vouch.reference.Digest;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTagName;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch serve} in a cluster end to end: the fabric8 mock API server in CRUD mode (no API server runs on these
 * machines) holding the ImageStream CRD, an ImageStream, Deployments and the Lease; the real docker-registry; images
 * pushed and signed by skopeo with real gpg keys.
 */
class ClusterServeIT {
    static final StreamTagName TAG = new StreamTagName("app", "prod");
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);

    @TempDir
    Path dir;
    ClusterFixture cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ClusterFixture(dir.resolve("registry"));
        cluster.stream("app", "prod", "docker://" + cluster.registry.hostPort() + "/team/app:prod");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    Digest push(String variant, boolean signed) throws Exception {
        return cluster.push(fixture, "team/app:prod", variant, signed);
    }

    String pinned(Digest digest) {
        return cluster.pinned("team/app", digest);
    }

    static String get(ServeHttp http, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + http.address().getHostString() + ":" + http.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    static void awaitOrLog(String what, Duration timeout, java.util.function.BooleanSupplier condition,
                           StringWriter... logs) throws InterruptedException {
        try {
            await(what, timeout, condition);
        } catch (AssertionError e) {
            StringBuilder text = new StringBuilder(e.getMessage());
            for (StringWriter log : logs) {
                text.append("\n--- log:\n").append(log);
            }
            throw new AssertionError(text.toString(), e);
        }
    }

    @Test
    void aSignedPushIsRolledOutAnUnsignedOneRefusedAPausedTriggerIgnoredAndAPinHolds() throws Exception {
        cluster.deployment("web", "app:prod", false);
        cluster.deployment("held", "app:prod", true);
        Digest signed = push("cluster-signed", true);
        StreamConfig config = ClusterFixture.config(dir, fixture);
        StringWriter logs = new StringWriter();
        try (ClusterServe serve = ClusterFixture.replica(config, cluster.client, fixture, "only", logs,
                UnaryOperator.identity())) {
            awaitOrLog("the signed digest in the Deployment", Duration.ofSeconds(60),
                    () -> cluster.image("web").equals(pinned(signed)), logs);
            // The Event follows the patch on the target's thread: wait for that work to finish.
            assertThat(serve.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(cluster.client.apps().deployments().inNamespace(ClusterFixture.APPS).withName("web").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(1).getImage())
                    .isEqualTo("example.com/sidecar:1");
            assertThat(cluster.events("web", "ImageRolledOut")).singleElement().satisfies(e -> assertThat(
                    e.getMessage()).contains(pinned(signed), "app:prod", "signed by"));
            ServeHttp http = serve.http().orElseThrow();
            assertThat(get(http, "/readyz")).isEqualTo("200 ready: leader (lease vouch/vouch-controller)\n");
            assertThat(get(http, "/metrics")).contains("vouch_leader 1");
            KubernetesStateStore state = KubernetesStateStore.open(cluster.client, ClusterFixture.STREAMS);
            await("the rollout recorded", Duration.ofSeconds(10), () -> cluster.rollouts(TAG, signed) == 1);

            // An unsigned push: recorded as rejected, announced on the workload, nothing patched.
            cluster.pushUnsignedAndCheckRejected(serve, fixture, "team/app", "prod", TAG, signed, logs);

            // The paused trigger never moved.
            assertThat(cluster.image("held")).isEqualTo("example.com/web:original");
            assertThat(cluster.deploymentPatches("held")).isZero();
            assertThat(cluster.events("held", "ImageRolledOut")).isEmpty();
            assertThat(cluster.events("held", "ImageRejected")).isEmpty();

            // A newer signed push rolls out; then a pin back to the first (vouch rollout undo, from another process)
            // is rolled out at the next import and holds against a later signed push.
            Digest second = push("cluster-second", true);
            serve.engine().pollNow();
            awaitOrLog("the second digest", Duration.ofSeconds(30), () -> cluster.image("web").equals(pinned(second)),
                    logs);
            state.pin(TAG, Optional.of(signed), Instant.now());
            serve.engine().pollNow();
            awaitOrLog("the pinned digest back in the Deployment", Duration.ofSeconds(30),
                    () -> cluster.image("web").equals(pinned(signed)), logs);
            Digest third = push("cluster-third", true);
            serve.engine().pollNow();
            awaitOrLog("the third digest verified", Duration.ofSeconds(30),
                    () -> entry(state, third).map(e -> e.accepted()).orElse(false), logs);
            serve.engine().pollNow();
            assertThat(serve.awaitIdle(Duration.ofSeconds(10))).isTrue();
            Thread.sleep(500);
            assertThat(serve.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(state.tagState(TAG).current()).contains(signed);
            assertThat(state.tagState(TAG).pinned()).isTrue();
            assertThat(cluster.image("web")).isEqualTo(pinned(signed));
            assertThat(cluster.image("held")).isEqualTo("example.com/web:original");
            assertThat(logs.toString()).contains("\"event\":\"import.rejected\"");
        }
    }

    @Test
    void aNewLeaderFinishesTheRolloutItsPredecessorStartedWithExactlyOnePatchPerChange() throws Exception {
        cluster.deployment("web", "app:prod", false);
        StreamConfig config = ClusterFixture.config(dir, fixture);
        StringWriter logsA = new StringWriter();
        StringWriter logsB = new StringWriter();
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // Replica a stops between its import and its patch: the fence its workloads' target checks blocks there.
        AtomicReference<Boolean> fenceAfterStall = new AtomicReference<>();
        UnaryOperator<Fence> stall = fence -> () -> {
            if (armed.compareAndSet(true, false)) {
                reached.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fenceAfterStall.set(fence.holds());
                return fenceAfterStall.get();
            }
            return fence.holds();
        };
        KubernetesClient clientB = cluster.newClient();
        try (ClusterServe a = ClusterFixture.replica(config, cluster.newClient(), fixture, "replica-a", logsA, stall)) {
            assertThat(a.election().awaitLeading(Duration.ofSeconds(10))).isTrue();
            try (ClusterServe b = ClusterFixture.replica(config, clientB, fixture, "replica-b", logsB,
                    UnaryOperator.identity())) {
                Thread.sleep(1000);
                assertThat(b.election().holds()).isFalse();
                assertThat(get(b.http().orElseThrow(), "/readyz")).isEqualTo(
                        "200 ready: standby (lease vouch/vouch-controller held by replica-a)\n");
                assertThat(get(b.http().orElseThrow(), "/metrics")).contains("vouch_leader 0");
                assertThat(a.awaitIdle(Duration.ofSeconds(10))).isTrue();

                Digest first = push("failover-first", true);
                armed.set(true);
                a.engine().pollNow();
                assertThat(reached.await(60, TimeUnit.SECONDS)).as("replica a reached its patch").isTrue();
                KubernetesStateStore state = KubernetesStateStore.open(cluster.client, ClusterFixture.STREAMS);
                assertThat(state.tagState(TAG).current()).contains(first);
                assertThat(cluster.image("web")).isEqualTo("example.com/web:original");

                a.abandon(); // a crash: the lease is left to expire
                awaitOrLog("replica b to take over and patch", Duration.ofSeconds(30),
                        () -> cluster.image("web").equals(pinned(first)), logsA, logsB);
                assertThat(b.election().holds()).isTrue();
                resume.countDown();
                assertThat(a.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(b.awaitIdle(Duration.ofSeconds(10))).isTrue();
                Thread.sleep(500);
                assertThat(cluster.deploymentPatches("web")).isEqualTo(1);
                assertThat(logsA.toString()).doesNotContain("\"event\":\"kube.rollout.succeeded\"");
                assertThat(fenceAfterStall.get()).as("replica a's fence when it resumed").isFalse();
                assertThat(cluster.rollouts(TAG, first)).isEqualTo(1);

                // The next change, under the new leader: one more patch.
                Digest second = push("failover-second", true);
                b.engine().pollNow();
                awaitOrLog("the second digest", Duration.ofSeconds(30),
                        () -> cluster.image("web").equals(pinned(second)), logsB);
                assertThat(b.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(cluster.deploymentPatches("web")).isEqualTo(2);
                assertThat(cluster.events("web", "ImageRolledOut")).hasSize(2);
            }
        } finally {
            resume.countDown();
            clientB.close();
        }
    }

    static Optional<dev.vouch.store.HistoryEntry> entry(KubernetesStateStore state, Digest digest) {
        try {
            return state.entry(TAG, digest);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
