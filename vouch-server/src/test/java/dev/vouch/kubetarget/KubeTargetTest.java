package dev.vouch.kubetarget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.gate.CurrentDigestChange;
import dev.vouch.log.JsonLog;
import dev.vouch.manifests.WorkloadKind;
import dev.vouch.metrics.Metrics;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.store.CurrentChange;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.Rollout;
import dev.vouch.store.RolloutResult;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.trigger.TriggerAnnotation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kubernetes target against the fabric8 mock API server in CRUD mode: real informers (list and watch), real JSON
 * patches applied by the mock's CRUD code, real resource version conflicts (see {@link ConflictingDispatcher}).
 */
class KubeTargetTest {
    static final StreamTag WEB_PROD = new StreamTag(new StreamTagName("web", "prod"),
            TagSource.parse("docker://registry.example.com/team/web:1.4", Path.of("/")), Duration.ofMinutes(15), false);
    static final String PINNED_PREFIX = "registry.example.com/team/web@";
    static final String ORIGINAL = "registry.example.com/team/web:1.4";
    static final String NS = "shop";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ConflictingDispatcher dispatcher;
    KubernetesMockServer server;
    KubernetesClient client;
    SqliteStateStore store;
    StringWriter logText = new StringWriter();
    Metrics metrics = new Metrics();
    KubeTarget target;
    int imports;

    @BeforeEach
    void startServer() throws Exception {
        dispatcher = new ConflictingDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        store = SqliteStateStore.open(dir.resolve("state.db"));
    }

    @AfterEach
    void stop() throws Exception {
        if (target != null) {
            target.close();
        }
        client.close();
        server.destroy();
        store.close();
    }

    @ParameterizedTest
    @EnumSource(WorkloadKind.class)
    void currentDigestChangePatchesOnlyTheTriggeredImage(WorkloadKind kind) throws Exception {
        HasMetadata before = create(kind, "web", trigger("web:prod", "web", false));
        start(KubeTargetSettings.of("cluster", NS));
        Digest digest = importDigest("v2");
        changed(digest);

        HasMetadata after = eventually(() -> image(kind, "web", "web").equals(PINNED_PREFIX + digest), kind, "web");
        assertThat(withoutVersionsAndImage(after, kind)).isEqualTo(withoutVersionsAndImage(before, kind));
        assertThat(image(kind, "web", "sidecar")).isEqualTo("envoyproxy/envoy:v1.30");
        assertThat(image(kind, "web", "setup")).isEqualTo("busybox:1.36");
        List<Event> events = events("web", WorkloadEvents.ROLLED_OUT);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Normal");
            assertThat(event.getInvolvedObject().getKind()).isEqualTo(kind.kind());
            assertThat(event.getMessage()).contains("container web", PINNED_PREFIX + digest, "web:prod",
                    "signed by KEY1", "(import)");
        });
        assertThat(rollouts(digest)).singleElement().satisfies(rollout -> {
            assertThat(rollout.target()).isEqualTo("cluster");
            assertThat(rollout.result()).isEqualTo(RolloutResult.SUCCEEDED);
            assertThat(rollout.ref().orElseThrow()).contains(kind.resourceName() + "/web -n shop resourceVersion");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "containers[?(@.name==\\\"setup\\\")]  | setup",
            "initContainers[0]                 | setup",
            "containers[1]                     | sidecar",
            "containers[0]                     | web",
    })
    void theFieldPathChoosesTheContainer(String selector, String container) throws Exception {
        String annotation = "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},"
                + "\"fieldPath\":\"FIELD." + selector + ".image\"}]";
        create(WorkloadKind.DEPLOYMENT, "web", annotation);
        Digest digest = importDigest("v3");
        start(KubeTargetSettings.of("cluster", NS));

        eventually(() -> image(WorkloadKind.DEPLOYMENT, "web", container).equals(PINNED_PREFIX + digest),
                WorkloadKind.DEPLOYMENT, "web");
        Map<String, String> before = Map.of("setup", "busybox:1.36", "sidecar", "envoyproxy/envoy:v1.30", "web",
                ORIGINAL);
        for (String other : before.keySet()) {
            if (!other.equals(container)) {
                assertThat(image(WorkloadKind.DEPLOYMENT, "web", other)).isEqualTo(before.get(other));
            }
        }
    }

    @Test
    void aTriggerFollowingATagVouchDoesNotFollowIsRefusedWithAnEvent() throws Exception {
        create(WorkloadKind.DAEMON_SET, "agent", trigger("agent:prod", "web", false));
        start(KubeTargetSettings.of("cluster", NS));
        eventually(() -> !events("agent", WorkloadEvents.REFUSED).isEmpty(), WorkloadKind.DAEMON_SET, "agent");
        assertThat(events("agent", WorkloadEvents.REFUSED).get(0).getMessage())
                .contains("agent:prod, a tag vouch does not follow");
    }

    @Test
    void anImageThatCannotBePinnedFailsOnceWithAnEventWhileItLasts() throws Exception {
        StreamTag local = new StreamTag(new StreamTagName("web", "prod"), TagSource.parse("oci:layout:app", dir),
                Duration.ofMinutes(15), false);
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false), "Not An Image Name");
        Digest digest = importDigest("v2");
        target = KubeTarget.start(client, KubeTargetSettings.of("cluster", NS), List.of(local), store,
                new JsonLog(logText, Clock.systemUTC(), JsonLog.Level.DEBUG), metrics, Clock.systemUTC());
        eventually(() -> !events("web", WorkloadEvents.FAILED).isEmpty(), WorkloadKind.DEPLOYMENT, "web");
        editLabelAndAwaitReconcile("web");

        assertThat(events("web", WorkloadEvents.FAILED)).singleElement().satisfies(event -> assertThat(
                event.getMessage()).contains("\"Not An Image Name\" is not an image name to pin"));
        assertThat(rollouts(digest)).extracting(Rollout::result).containsExactly(RolloutResult.FAILED);
        assertThat(image(WorkloadKind.DEPLOYMENT, "web", "web")).isEqualTo("Not An Image Name");
    }

    @Test
    void aPausedTriggerDoesNothing() throws Exception {
        HasMetadata before = create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", true));
        start(KubeTargetSettings.of("cluster", NS));
        changed(importDigest("v2"));
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();

        HasMetadata after = get(WorkloadKind.DEPLOYMENT, "web");
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(image(WorkloadKind.DEPLOYMENT, "web", "web")).isEqualTo(ORIGINAL);
        assertThat(rollouts(importedDigest("v2"))).isEmpty();
    }

    @Test
    void aWorkloadAlreadyAtTheDigestIsNotPatched() throws Exception {
        Digest digest = importDigest("v2");
        HasMetadata before = create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false),
                PINNED_PREFIX + digest);
        start(KubeTargetSettings.of("cluster", NS));
        changed(digest);
        changed(digest);
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(get(WorkloadKind.DEPLOYMENT, "web").getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(rollouts(digest)).extracting(Rollout::result)
                .containsExactly(RolloutResult.UNCHANGED, RolloutResult.UNCHANGED);
        assertThat(events("web", WorkloadEvents.ROLLED_OUT)).isEmpty();
    }

    @Test
    void startingReconcilesWorkloadsWithTheStoresCurrentDigest() throws Exception {
        create(WorkloadKind.STATEFUL_SET, "db", trigger("web:prod", "web", false));
        Digest digest = importDigest("while-vouch-was-down");
        start(KubeTargetSettings.of("cluster", NS));

        eventually(() -> image(WorkloadKind.STATEFUL_SET, "db", "web").equals(PINNED_PREFIX + digest),
                WorkloadKind.STATEFUL_SET, "db");
        assertThat(rollouts(digest)).extracting(Rollout::result).containsExactly(RolloutResult.SUCCEEDED);
        assertThat(events("db", WorkloadEvents.ROLLED_OUT)).singleElement()
                .satisfies(event -> assertThat(event.getMessage()).contains("(reconcile)"));
    }

    @Test
    void aConcurrentEditMakesThePatchConflictAndItIsRetriedOnTheNewVersion() throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false));
        start(KubeTargetSettings.of("cluster", NS));
        dispatcher.concurrentEdits.set(2);
        Digest digest = importDigest("v2");
        changed(digest);

        HasMetadata after = eventually(() -> image(WorkloadKind.DEPLOYMENT, "web", "web")
                .equals(PINNED_PREFIX + digest), WorkloadKind.DEPLOYMENT, "web");
        assertThat(dispatcher.editsMade.get()).isEqualTo(2);
        assertThat(after.getMetadata().getLabels()).containsEntry("edited-by", "someone-2");
        assertThat(logText.toString()).contains("\"event\":\"kube.conflict\"");
        assertThat(rollouts(digest)).extracting(Rollout::result).containsExactly(RolloutResult.SUCCEEDED);
    }

    @Test
    void aWorkloadThatKeepsChangingIsGivenUpWithAnEventAndAFailedRolloutThenRetriedOnItsNextChange()
            throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false));
        start(new KubeTargetSettings("cluster", List.of(NS), Map.of(), 3));
        dispatcher.concurrentEdits.set(3);
        Digest digest = importDigest("v2");
        changed(digest);

        eventually(() -> !events("web", WorkloadEvents.FAILED).isEmpty(), WorkloadKind.DEPLOYMENT, "web");
        assertThat(dispatcher.editsMade.get()).isEqualTo(3);
        assertThat(events("web", WorkloadEvents.FAILED)).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains("given up after 3 conflicting attempts");
        });
        eventually(() -> image(WorkloadKind.DEPLOYMENT, "web", "web").equals(PINNED_PREFIX + digest),
                WorkloadKind.DEPLOYMENT, "web");
        assertThat(rollouts(digest)).extracting(Rollout::result)
                .containsExactly(RolloutResult.FAILED, RolloutResult.SUCCEEDED);
    }

    @Test
    void aMalformedAnnotationIsReportedOnceByEventLogAndMetric() throws Exception {
        HasMetadata before = create(WorkloadKind.DEPLOYMENT, "web",
                "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},\"fieldPath\":\"spec.containers[0]\"}]");
        start(KubeTargetSettings.of("cluster", NS));
        eventually(() -> !events("web", WorkloadEvents.INVALID).isEmpty(), WorkloadKind.DEPLOYMENT, "web");
        editLabelAndAwaitReconcile("web");
        changed(importDigest("v2"));
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(events("web", WorkloadEvents.INVALID)).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains(TriggerAnnotation.KEY, "triggers[0].fieldPath",
                    "is not a supported field path");
        });
        assertThat(logText.toString()).contains("\"event\":\"kube.trigger_invalid\"");
        assertThat(metrics.render()).contains("vouch_kube_trigger_problems_total{problem=\"invalid\"} 1");
        assertThat(image(WorkloadKind.DEPLOYMENT, "web", "web")).isEqualTo(ORIGINAL);
    }

    @Test
    void aTriggerNamingAContainerThatDoesNotExistIsReported() throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "nosuch", false));
        start(KubeTargetSettings.of("cluster", NS));
        eventually(() -> !events("web", WorkloadEvents.INVALID).isEmpty(), WorkloadKind.DEPLOYMENT, "web");
        assertThat(events("web", WorkloadEvents.INVALID).get(0).getMessage()).contains("no such container");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DockerImage    | [::1]:5000/team/web:1 | a registry given as an IPv6 address cannot be followed directly",
            "ImageStreamTag | dockerimage:web       | the stream dockerimage is reserved"})
    void aTriggerThatCannotFollowAnImageDirectlyIsInvalid(String kind, String from, String problem) throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", "[{\"from\":{\"kind\":\"" + kind + "\",\"name\":\"" + from + "\"},"
                + "\"fieldPath\":\"FIELD.containers[0].image\"}]");
        start(KubeTargetSettings.of("cluster", NS));
        eventually(() -> !events("web", WorkloadEvents.INVALID).isEmpty(), WorkloadKind.DEPLOYMENT, "web");
        assertThat(events("web", WorkloadEvents.INVALID)).singleElement().satisfies(event -> assertThat(
                event.getMessage()).contains("trigger for container web: ", problem));
        assertThat(events("web", WorkloadEvents.REFUSED)).isEmpty();
        assertThat(target.directImages()).isEmpty();
    }

    @Test
    void directImagesAreTheUnpausedDockerImageTriggersAndTheirChangesAreAnnounced() throws Exception {
        String trigger = "[{\"from\":{\"kind\":\"DockerImage\",\"name\":\"IMAGE\"},"
                + "\"fieldPath\":\"FIELD.containers[0].image\"PAUSED}]";
        create(WorkloadKind.DEPLOYMENT, "web", trigger.replace("IMAGE", "busybox:1.36").replace("PAUSED", ""));
        create(WorkloadKind.STATEFUL_SET, "held", trigger.replace("IMAGE", "quay.io/team/held:1")
                .replace("PAUSED", ",\"paused\":true"));
        start(KubeTargetSettings.of("cluster", NS), 2);
        ImageReference busybox = ImageReference.parse("docker.io/library/busybox:1.36");
        assertThat(target.directImages()).isEqualTo(Map.of(busybox, Set.of("deployment/web -n shop "
                + "spec.template.spec.containers[0].image")));

        java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
        target.onDirectImagesChanged(announced::incrementAndGet);
        create(WorkloadKind.DAEMON_SET, "agent", trigger.replace("IMAGE", "quay.io/team/agent:2")
                .replace("PAUSED", ""));
        eventually(() -> announced.get() == 1, WorkloadKind.DAEMON_SET, "agent");
        assertThat(target.directImages()).containsOnlyKeys(busybox, ImageReference.parse("quay.io/team/agent:2"));

        editLabelAndAwaitReconcile("web");
        assertThat(announced).as("a change leaving the images as they were").hasValue(1);
        client.resources(ClusterWorkloads.type(WorkloadKind.DEPLOYMENT)).inNamespace(NS).withName("web").delete();
        eventually(() -> announced.get() == 2, WorkloadKind.DAEMON_SET, "agent");
        assertThat(target.directImages()).containsOnlyKeys(ImageReference.parse("quay.io/team/agent:2"));
    }

    @Test
    void aTriggerNamingAnotherNamespaceIsRefusedWithAnEvent() throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false, "payments"));
        start(KubeTargetSettings.of("cluster", NS));
        changed(importDigest("v2"));
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(image(WorkloadKind.DEPLOYMENT, "web", "web")).isEqualTo(ORIGINAL);
        assertThat(events("web", WorkloadEvents.REFUSED)).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains("payments/web:prod",
                    "namespace shop is not granted the streams of namespace payments");
        });
        assertThat(metrics.render()).contains("vouch_kube_trigger_problems_total{problem=\"refused\"} 1");
        assertThat(rollouts(importedDigest("v2"))).isEmpty();
    }

    @Test
    void aTriggerNamingAGrantedNamespaceIsFollowed() throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false, "payments"));
        start(KubeTargetSettings.of("cluster", NS).withCrossNamespace(Map.of(NS, Set.of("payments"))));
        Digest digest = importDigest("v2");
        changed(digest);

        eventually(() -> image(WorkloadKind.DEPLOYMENT, "web", "web").equals(PINNED_PREFIX + digest),
                WorkloadKind.DEPLOYMENT, "web");
        assertThat(events("web", WorkloadEvents.REFUSED)).isEmpty();
    }

    @Test
    void aGrantIsOneWay() {
        KubeTargetSettings settings = KubeTargetSettings.of("cluster").withCrossNamespace(Map.of("shop",
                Set.of("payments")));
        assertThat(settings.mayFollow("shop", "payments")).isTrue();
        assertThat(settings.mayFollow("payments", "shop")).isFalse();
        assertThat(settings.mayFollow("other", "payments")).isFalse();
        assertThat(settings.mayFollow("other", "other")).isTrue();
    }

    @Test
    void workloadsOutsideTheWatchedNamespacesAreLeftAlone() throws Exception {
        create(WorkloadKind.DEPLOYMENT, "web", trigger("web:prod", "web", false));
        start(KubeTargetSettings.of("cluster", "elsewhere"), 0);
        changed(importDigest("v2"));
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(image(WorkloadKind.DEPLOYMENT, "web", "web")).isEqualTo(ORIGINAL);
    }

    // ---- fixtures

    /** Starts the target and waits until it reconciled {@code watched} workloads, each as the informers saw it. */
    void start(KubeTargetSettings settings, int watched) throws Exception {
        target = KubeTarget.start(client, settings, List.of(WEB_PROD), store,
                new JsonLog(logText, Clock.systemUTC(), JsonLog.Level.DEBUG), metrics, Clock.systemUTC());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (reconciled() < watched) {
            assertThat(System.nanoTime()).as("reconciled on start").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();
    }

    /** Another client edits a label of Deployment {@code name}; waits until the target reconciled the edit. */
    void editLabelAndAwaitReconcile(String name) throws Exception {
        int before = reconciled();
        client.apps().deployments().inNamespace(NS).withName(name)
                .edit(d -> {
                    d.getMetadata().getLabels().put("touched", "yes");
                    return d;
                });
        eventually(() -> reconciled() > before, WorkloadKind.DEPLOYMENT, name);
    }

    int reconciled() {
        return logText.toString().split("\"event\":\"kube.reconciled\"", -1).length - 1;
    }

    void start(KubeTargetSettings settings) throws Exception {
        start(settings, 1);
    }

    static String trigger(String streamTag, String container, boolean paused, String... namespace) {
        return "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"" + streamTag + "\""
                + (namespace.length > 0 ? ",\"namespace\":\"" + namespace[0] + "\"" : "") + "},"
                + "\"fieldPath\":\"FIELD.containers[?(@.name==\\\"" + container + "\\\")].image\""
                + (paused ? ",\"paused\":true" : "") + "}]";
    }

    Digest importedDigest(String seed) {
        return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    Digest importDigest(String seed) throws Exception {
        Digest digest = importedDigest(seed);
        RecordedVerdict verdict = new RecordedVerdict(true, "docker://registry.example.com/team/web:1.4",
                "docker scope \"\"", List.of(new RecordedVerdict.Signer("KEY1", "registry.example.com/team/web:1.4")),
                List.of(new RecordedVerdict.RequirementResult("signedBy GPGKeys", true, "signed by KEY1")),
                "ACCEPTED\n");
        store.recordVerdict(WEB_PROD.name(), digest, verdict, "sha256:policy", Instant.now().plusSeconds(imports++));
        return digest;
    }

    void changed(Digest digest) throws Exception {
        HistoryEntry entry = store.entry(WEB_PROD.name(), digest).orElseThrow();
        target.currentDigestChanged(new CurrentDigestChange(WEB_PROD, Optional.empty(), digest, false,
                CurrentDigestChange.Cause.IMPORT, entry));
    }

    List<Rollout> rollouts(Digest digest) throws Exception {
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();
        return store.entry(WEB_PROD.name(), digest).map(HistoryEntry::rollouts).orElse(List.of());
    }

    HasMetadata create(WorkloadKind kind, String name, String annotation) {
        return create(kind, name, annotation, ORIGINAL);
    }

    HasMetadata create(WorkloadKind kind, String name, String annotation, String image) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TriggerAnnotation.KEY, annotation.replace("FIELD", kind.podSpec().path()));
        annotations.put("team.example.com/owner", "shop");
        Map<String, String> labels = new LinkedHashMap<>(Map.of("app", name, "tier", "frontend"));
        ObjectMeta metadata = new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(labels)
                .withAnnotations(annotations).build();
        Container web = new ContainerBuilder().withName("web").withImage(image).addNewEnv().withName("MODE")
                .withValue("production").endEnv().addNewPort().withContainerPort(8080).endPort().build();
        Container sidecar = new ContainerBuilder().withName("sidecar").withImage("envoyproxy/envoy:v1.30")
                .withArgs("--config", "/etc/envoy.yaml").build();
        Container setup = new ContainerBuilder().withName("setup").withImage("busybox:1.36")
                .withCommand("sh", "-c", "true").build();
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", name))
                .endMetadata().withNewSpec().withInitContainers(setup).withContainers(web, sidecar)
                .withServiceAccountName("shop").endSpec().build();
        HasMetadata object = switch (kind) {
            case DEPLOYMENT -> new DeploymentBuilder().withMetadata(metadata).withNewSpec().withReplicas(3)
                    .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector().withTemplate(template)
                    .endSpec().build();
            case STATEFUL_SET -> new StatefulSetBuilder().withMetadata(metadata).withNewSpec().withServiceName(name)
                    .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector().withTemplate(template)
                    .endSpec().build();
            case DAEMON_SET -> new DaemonSetBuilder().withMetadata(metadata).withNewSpec()
                    .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector().withTemplate(template)
                    .endSpec().build();
            case CRON_JOB -> new CronJobBuilder().withMetadata(metadata).withNewSpec().withSchedule("*/5 * * * *")
                    .withNewJobTemplate().withNewSpec().withBackoffLimit(2).withTemplate(template).endSpec()
                    .endJobTemplate().endSpec().build();
        };
        return client.resource(object).create();
    }

    HasMetadata get(WorkloadKind kind, String name) {
        return client.resources(ClusterWorkloads.type(kind)).inNamespace(NS).withName(name).get();
    }

    String image(WorkloadKind kind, String name, String container) {
        return ClusterWorkloads.read(kind, get(kind, name)).container(container).orElseThrow().image().orElseThrow();
    }

    List<Event> events(String workload, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(workload) && e.getReason().equals(reason))
                .toList();
    }

    /** The object as JSON without what the server changes on every write and without the web container's image. */
    static JsonNode withoutVersionsAndImage(HasMetadata object, WorkloadKind kind) throws Exception {
        JsonNode tree = JSON.readTree(Serialization.asJson(object));
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        metadata.remove(List.of("resourceVersion", "generation"));
        JsonNode podSpec = tree;
        for (String part : kind.podSpec().path().split("\\.")) {
            podSpec = podSpec.get(part);
        }
        for (JsonNode container : podSpec.get("containers")) {
            if (container.get("name").asText().equals("web")) {
                ((ObjectNode) container).remove("image");
            }
        }
        return tree;
    }

    HasMetadata eventually(BooleanSupplier condition, WorkloadKind kind, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 20 s; the workload is " + Serialization.asJson(get(kind,
                        name)) + "\nlog:\n" + logText);
            }
            Thread.sleep(50);
        }
        assertThat(target.awaitIdle(Duration.ofSeconds(20))).isTrue();
        return get(kind, name);
    }
}
