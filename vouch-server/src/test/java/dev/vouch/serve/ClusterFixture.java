package dev.vouch.serve;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.PolicyVersion;
import dev.vouch.kubetarget.KubeTargetSettings;
import dev.vouch.leader.Fence;
import dev.vouch.leader.LeaseSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.stream.ClusterTarget;
import dev.vouch.stream.KubernetesSettings;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.testing.registry.RegistryFixture;
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
 * streams in namespace {@value #STREAMS}, workloads in {@value #APPS}; every PATCH it receives is noted.
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

    ClusterFixture() throws Exception {
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
    }
}
