package dev.vouch.admission.cluster;

import static dev.vouch.kubetesting.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.admission.AdmissionDecider;
import dev.vouch.admission.AdmissionMode;
import dev.vouch.admission.AdmissionRequest;
import dev.vouch.admission.AdmissionResponse;
import dev.vouch.admission.FailureClass;
import dev.vouch.admission.ImageCheck;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events for refused images, recorded on the owning workload in the (mock, CRUD) API server. */
@EnableKubernetesMockClient(crud = true)
class RefusalEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NS = "team";
    static final String BAD = "registry.example.com/team/app:1";

    KubernetesClient client;
    final Metrics metrics = new Metrics();
    final StringWriter logs = new StringWriter();
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T08:00:00Z"));
    final ExecutorService executor = Executors.newCachedThreadPool();
    RefusalEvents events;
    AdmissionDecider decider;

    @BeforeEach
    void start() {
        events = RefusalEvents.start(client, clock, new JsonLog(logs, clock, JsonLog.Level.DEBUG), metrics);
        decider = decider(events);
    }

    @AfterEach
    void stop() {
        events.close();
        executor.shutdownNow();
    }

    /** A decider whose checker refuses every image with no signature, under a scope. */
    AdmissionDecider decider(AdmissionDecider.RefusalListener listener) {
        return new AdmissionDecider((image, namespace, deadline) -> ImageCheck.refused(image,
                FailureClass.NO_SIGNATURE, "no signature by key A", Optional.of("docker:registry.example.com/team")),
                executor, Optional.empty(), listener);
    }

    static AdmissionRequest request(String group, String kind, String name, String operation, boolean dryRun,
                                    String object) throws Exception {
        return new AdmissionRequest("uid-1", group, kind, "", NS, name, operation, dryRun,
                Optional.of(JSON.readTree(object)), "alice");
    }

    static String pod(String owner, String image) {
        return "{\"metadata\":{\"generateName\":\"web-5d-\",\"ownerReferences\":[" + owner + "]},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"}]}}";
    }

    static String owner(String apiVersion, String kind, String name, String uid) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"name\":\"" + name
                + "\",\"uid\":\"" + uid + "\",\"controller\":true}";
    }

    AdmissionResponse decide(AdmissionRequest request, AdmissionMode mode) {
        return decider.decide(request, mode, false, Instant.now().plusSeconds(5));
    }

    long written() {
        return events.count("created") + events.count("aggregated");
    }

    long result(String result) {
        return events.count(result);
    }


    List<Event> eventsInNamespace() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }

    @Test
    void podsOfAReplicaSetAreRecordedOnceOnItsDeploymentWithACount() throws Exception {
        client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("web-5d").withNamespace(NS).withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid("dep-uid")
                        .withController(true).build()).endMetadata().build()).create();
        AdmissionRequest request = request("", "Pod", "", "CREATE", false,
                pod(owner("apps/v1", "ReplicaSet", "web-5d", "rs-uid"), BAD));
        for (int i = 1; i <= 3; i++) {
            assertThat(decide(request, AdmissionMode.ENFORCE).allowed()).isFalse();
            int expected = i;
            await(expected + " Events written", () -> written() == expected);
            clock.advance(Duration.ofMinutes(2));
        }
        List<Event> recorded = eventsInNamespace();
        assertThat(recorded).hasSize(1);
        Event event = recorded.get(0);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo("dep-uid");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo(RefusalEvents.REJECTED);
        assertThat(event.getCount()).isEqualTo(3);
        assertThat(event.getMessage()).isEqualTo("vouch denied Pod of Deployment web: " + BAD + ": no signature"
                + " (scope docker:registry.example.com/team; no signature by key A)");
        assertThat(result("aggregated")).isEqualTo(2);

        clock.advance(RefusalEvents.AGGREGATE_WINDOW.plusMinutes(1));
        decide(request, AdmissionMode.ENFORCE);
        await("4 Events written", () -> written() == 4);
        assertThat(eventsInNamespace()).as("a new Event once the window has passed").hasSize(2);
    }

    @Test
    void aJobOfACronJobIsRecordedOnTheCronJobAndWarnModeSaysWouldDeny() throws Exception {
        client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
                .withName("nightly-29").withNamespace(NS).withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1").withKind("CronJob").withName("nightly").withUid("cj-uid")
                        .withController(true).build()).endMetadata().build()).create();
        AdmissionRequest request = request("", "Pod", "", "CREATE", false,
                pod(owner("batch/v1", "Job", "nightly-29", "job-uid"), BAD));
        assertThat(decide(request, AdmissionMode.WARN).allowed()).isTrue();
        await("an Event written", () -> written() == 1);
        Event event = eventsInNamespace().get(0);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("CronJob");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("nightly");
        assertThat(event.getReason()).isEqualTo(RefusalEvents.WOULD_REJECT);
        assertThat(event.getMessage()).startsWith("vouch would deny (warn mode) Pod of CronJob nightly: " + BAD);
    }

    @Test
    void aWorkloadIsItsOwnTargetEvenBeforeItExistsAndWhenAnOperatorOwnsIt() throws Exception {
        AdmissionRequest request = request("apps", "Deployment", "api", "CREATE", false,
                "{\"metadata\":{\"name\":\"api\",\"ownerReferences\":[" + owner("example.com/v1", "App", "api",
                        "app-uid") + "]},\"spec\":{\"template\":{\"spec\":{\"containers\":["
                        + "{\"name\":\"api\",\"image\":\"" + BAD + "\"}]}}}}");
        decide(request, AdmissionMode.AUDIT);
        await("an Event written", () -> written() == 1);
        Event event = eventsInNamespace().get(0);
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("apps/v1");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("api");
        assertThat(event.getInvolvedObject().getUid()).isNull();
        assertThat(event.getMessage()).startsWith("vouch would deny (audit mode) Deployment: " + BAD);
    }

    @Test
    void aDryRunRecordsNothing() throws Exception {
        decide(request("apps", "Deployment", "api", "CREATE", true, "{\"metadata\":{\"name\":\"api\"},\"spec\":{"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"" + BAD + "\"}]}}}}"),
                AdmissionMode.ENFORCE);
        Thread.sleep(300);
        assertThat(eventsInNamespace()).isEmpty();
        assertThat(written()).isZero();
    }

    @Test
    void aFullQueueDropsAndCounts() throws Exception {
        RefusalEvents stalled = RefusalEvents.unstarted(client, clock, new JsonLog(logs, clock, JsonLog.Level.DEBUG),
                new Metrics(), 2);
        AdmissionDecider withStalled = decider(stalled);
        AdmissionRequest request = request("apps", "Deployment", "api", "CREATE", false, "{\"metadata\":{\"name\":"
                + "\"api\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"" + BAD
                + "\"}]}}}}");
        for (int i = 0; i < 5; i++) {
            assertThat(withStalled.decide(request, AdmissionMode.ENFORCE, false, Instant.now().plusSeconds(5))
                    .allowed()).isFalse();
        }
        assertThat(stalled.pending()).isEqualTo(2);
        assertThat(stalled.count("dropped")).isEqualTo(3);
    }

    @Test
    void anUnreachableApiIsLoggedAndCountedNeverInTheWayOfTheDecision() throws Exception {
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(500)
                .build()).build();
             RefusalEvents failing = RefusalEvents.start(unreachable, clock, new JsonLog(logs, clock,
                     JsonLog.Level.DEBUG), new Metrics())) {
            AdmissionRequest request = request("apps", "Deployment", "api", "CREATE", false, "{\"metadata\":{"
                    + "\"name\":\"api\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\","
                    + "\"image\":\"" + BAD + "\"}]}}}}");
            Instant before = Instant.now();
            AdmissionResponse response = decider(failing).decide(request, AdmissionMode.ENFORCE, false,
                    Instant.now().plusSeconds(5));
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(1));
            assertThat(response.allowed()).isFalse();
            assertThat(response.message()).contains(BAD);
            await("a failed Event", () -> failing.count("failed") == 1);
            assertThat(logs.toString()).contains("admission.event_failed").contains("Deployment team/api");
        }
    }

}
