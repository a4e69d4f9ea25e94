package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.PolicyVersion;
import dev.vouch.kubetarget.KubeTargetSettings;
import dev.vouch.leader.Fence;
import dev.vouch.leader.LeaseSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.reference.Digest;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.RolloutResult;
import dev.vouch.store.StoreException;
import dev.vouch.stream.ClusterTarget;
import dev.vouch.stream.KubernetesSettings;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTagName;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * One fabric8 mock API server in CRUD mode for {@code vouch serve} in a cluster: the ImageStream CRD installed,
 * streams in namespace {@value #STREAMS}, workloads in {@value #APPS}; every PATCH it receives is noted. With it, a
 * real docker-registry that the images are pushed to.
 */
final class ClusterFixture implements AutoCloseable {
    static final String STREAMS = "vouch";
    static final String APPS = "shop";
    /** Short lease times, so that a failover takes a few seconds. */
    static final LeaseSettings LEASE = new LeaseSettings("vouch-controller", Optional.of(STREAMS),
            Duration.ofMillis(2500), Duration.ofMillis(1500), Duration.ofMillis(250));

    final KubernetesMockServer server;
    final KubernetesClient client;
    final ConcurrentLinkedQueue<String> patches = new ConcurrentLinkedQueue<>();
    final RegistryServer registry;

    /** The mock API server, and a registry keeping its content in {@code registryDirectory}. */
    ClusterFixture(Path registryDirectory) throws Exception {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse handlePatch(RecordedRequest request) {
                patches.add(request.getPath());
                return super.handlePatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        CrdFixtures.installCrd(client);
        registry = RegistryServer.builder(registryDirectory).start();
    }

    /** Pushes an image (made from {@code variant}) to {@code nameAndTag} of the registry, signed or not. */
    Digest push(RegistryFixture fixture, String nameAndTag, String variant, boolean signed) throws Exception {
        return Digest.parse(fixture.push(registry, nameAndTag, variant,
                signed ? Optional.of(fixture.trustedKey) : Optional.empty(), List.of()));
    }

    /** {@code HOST/REPOSITORY@DIGEST} of the registry: the image a rollout pins. */
    String pinned(String repository, Digest digest) {
        return registry.hostPort() + "/" + repository + "@" + digest;
    }

    /**
     * Pushes an unsigned image to {@code repository:tagName}, which {@code tag} follows, Deployment web following it
     * at {@code current}; checks that it is recorded as rejected, announced by a Warning Event on web, and that web is
     * not patched. Returns its digest.
     */
    Digest pushUnsignedAndCheckRejected(ClusterServe serve, RegistryFixture fixture, String repository,
                                        String tagName, StreamTagName tag, Digest current, StringWriter logs)
            throws Exception {
        long before = deploymentPatches("web");
        Digest unsigned = push(fixture, repository + ":" + tagName, "unsigned-" + tag.tag(), false);
        serve.engine().pollNow();
        ClusterServeIT.awaitOrLog("the Warning Event on the rejected digest", Duration.ofSeconds(30),
                () -> !events("web", "ImageRejected").isEmpty(), logs);
        Event rejected = events("web", "ImageRejected").get(0);
        assertThat(rejected.getType()).isEqualTo("Warning");
        assertThat(rejected.getMessage()).contains(unsigned.toString(), "rejects", "container web not changed");
        KubernetesStateStore state = KubernetesStateStore.open(client, STREAMS);
        assertThat(state.entry(tag, unsigned).orElseThrow().accepted()).isFalse();
        assertThat(state.tagState(tag).current()).contains(current);
        assertThat(serve.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(image("web")).isEqualTo(pinned(repository, current));
        assertThat(deploymentPatches("web")).isEqualTo(before);
        return unsigned;
    }

    /** The successful rollouts recorded for {@code tag} at {@code digest}; 0 while it cannot be read. */
    long rollouts(StreamTagName tag, Digest digest) {
        try {
            return KubernetesStateStore.open(client, STREAMS).entry(tag, digest).map(e -> e.rollouts().stream()
                    .filter(r -> r.result() == RolloutResult.SUCCEEDED).count()).orElse(0L);
        } catch (StoreException e) {
            return 0;
        }
    }

    /** A client of its own, as another replica has. */
    KubernetesClient newClient() {
        return server.createClient();
    }

    /** The PATCH requests to Deployment {@code name} (the image patches). */
    long deploymentPatches(String name) {
        String path = "/apis/apps/v1/namespaces/" + APPS + "/deployments/" + name;
        return patches.stream().filter(p -> p.equals(path) || p.startsWith(path + "?")).count();
    }

    GenericKubernetesResource stream(String name, String tag, String from) {
        return CrdFixtures.create(client, CrdFixtures.resource(STREAMS, name, Map.of("tags",
                List.of(Map.of("name", tag, "from", from, "importInterval", "1h")))));
    }

    Deployment deployment(String name, String followed, boolean paused) {
        return deployment(name, "ImageStreamTag", followed, paused);
    }

    /** A Deployment whose container web follows {@code from} by a trigger of kind {@code kind}, and a sidecar. */
    Deployment deployment(String name, String kind, String from, boolean paused) {
        String annotation = "[{\"from\":{\"kind\":\"" + kind + "\",\"name\":\"" + from + "\"},"
                + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\""
                + (paused ? ",\"paused\":true" : "") + "}]";
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withNamespace(APPS).withName(name)
                .addToAnnotations("image.openshift.io/triggers", annotation).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("web").withImage("example.com/web:original").endContainer()
                .addNewContainer().withName("sidecar").withImage("example.com/sidecar:1").endContainer()
                .endSpec().endTemplate().endSpec().build();
        return client.apps().deployments().inNamespace(APPS).resource(deployment).create();
    }

    String image(String deployment) {
        return client.apps().deployments().inNamespace(APPS).withName(deployment).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    List<Event> events(String workload, String reason) {
        return client.v1().events().inNamespace(APPS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(workload) && reason.equals(e.getReason()))
                .toList();
    }

    /** A cluster-mode configuration: workloads of {@value #APPS}, streams and lease in {@value #STREAMS}. */
    static StreamConfig config(Path dir, RegistryFixture registries) {
        ClusterTarget cluster = new ClusterTarget(new KubeTargetSettings(ClusterTarget.NAME, List.of(APPS), Map.of(),
                KubeTargetSettings.DEFAULT_MAX_ATTEMPTS), Optional.of(STREAMS), LEASE);
        return new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(registries.signedByPolicy), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("unused.db"), List.of(),
                new ServeSettings("127.0.0.1", 0, Optional.empty()), Optional.empty(), Optional.empty(),
                Optional.of(KubernetesSettings.AUTOMATIC), Optional.of(cluster));
    }

    /** A replica named {@code identity}, with its own client, reading images as {@code registries} sets up. */
    static ClusterServe replica(StreamConfig config, KubernetesClient client, RegistryFixture registries,
                                String identity, StringWriter logs, UnaryOperator<Fence> fence) throws Exception {
        SourceContext context = SourceContext.defaults().withHomeDirectory(registries.home, false)
                .withRegistriesDirectory(registries.fileRegistriesDirectory).withTlsVerify(false);
        PolicyVersion policy = PolicyVersion.fixed(GatePolicy.load(config.policyFile()), context);
        return ClusterServe.start(config, client, () -> policy,
                new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC(), identity,
                Optional.of(new InetSocketAddress("127.0.0.1", 0)), fence);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
        registry.close();
    }
}
