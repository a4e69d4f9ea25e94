package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.crd.ImageStreamResources;
import dev.vouch.reference.Digest;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.stream.StreamTagName;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch serve --once} in cluster mode through the command line, against the fabric8 mock API server (CRUD mode)
 * reached with a kubeconfig file: it takes the lease, brings a triggered Deployment to the stored digest, and reports
 * the import of a tag whose registry does not answer as failed (exit 1); the process connects to the API once.
 */
class ServeClusterOnceTest {
    @TempDir
    Path dir;

    /** The mock API server (CRUD mode) with the ImageStream resource defined. */
    static KubernetesMockServer startServer() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient();
             InputStream in = Files.newInputStream(Path.of("..", ImageStreamResources.CRD_MANIFEST))) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        return server;
    }

    /** A kubeconfig file reaching {@code server} in namespace vouch. */
    void kubeconfig(KubernetesMockServer server) throws Exception {
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: tester, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: vouch}}]
                current-context: mock
                """.formatted(server.url("/")));
    }

    @ParameterizedTest(name = "policy from a ConfigMap: {0}")
    @ValueSource(booleans = {false, true})
    void onceTakesTheLeaseRollsOutTheStoredDigestAndReportsTheImport(boolean policyFromCluster) throws Exception {
        KubernetesMockServer server = startServer();
        try (KubernetesClient client = server.createClient()) {
            var stream = new GenericKubernetesResourceBuilder().withApiVersion(ImageStreamResources.API_VERSION)
                    .withKind(ImageStreamResources.KIND).withNewMetadata().withNamespace("vouch").withName("app")
                    .endMetadata().build();
            stream.setAdditionalProperty("spec", Map.of("tags", List.of(Map.of("name", "prod", "from",
                    "docker://127.0.0.1:9/team/app:prod"))));
            client.genericKubernetesResources(ImageStreamResources.context()).inNamespace("vouch").resource(stream)
                    .create();
            Digest digest = Digest.parse("sha256:" + "b2".repeat(32));
            KubernetesStateStore.open(client, "vouch").recordVerdict(new StreamTagName("app", "prod"), digest,
                    new RecordedVerdict(true, "docker://127.0.0.1:9/team/app:prod", "default", List.of(), List.of(),
                            "ACCEPTED\n"), "sha256:policy", Instant.now());
            client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata()
                    .withNamespace("shop").withName("web").addToAnnotations("image.openshift.io/triggers",
                            "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"app:prod\"},"
                                    + "\"fieldPath\":\"spec.template.spec.containers[0].image\"}]").endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("web")
                    .withImage("example.com/web:1").endContainer().endSpec().endTemplate().endSpec().build())
                    .create();

            kubeconfig(server);
            String policy = "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}";
            String policySource;
            if (policyFromCluster) {
                client.configMaps().inNamespace("vouch").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("vouch-policy").withNamespace("vouch").endMetadata()
                        .withData(Map.of("policy.json", policy)).build()).create();
                policySource = "fromCluster: {namespace: vouch, directory: mirror, policy: {configMap: vouch-policy}}";
            } else {
                Files.writeString(dir.resolve("policy.json"), policy);
                policySource = "policy: policy.json";
            }
            Path config = Files.writeString(dir.resolve("vouch.yaml"), policySource + "\n" + """
                    kubernetes: {kubeconfig: kubeconfig}
                    target:
                      kubernetes:
                        namespaces: [shop]
                        lease: {duration: 4s, renewDeadline: 3s, retryPeriod: 1s}
                    """);
            CliResult run = Cli.run("serve", "--once", "--config", config.toString());
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
            assertThat(run.stdout()).contains("app:prod");
            assertThat(client.apps().deployments().inNamespace("shop").withName("web").get().getSpec().getTemplate()
                    .getSpec().getContainers().get(0).getImage()).isEqualTo("127.0.0.1:9/team/app@" + digest);
            assertThat(client.resources(Lease.class).inNamespace("vouch").withName("vouch-controller").get())
                    .isNotNull();
            if (policyFromCluster) {
                assertThat(dir.resolve("mirror/policy.json")).hasContent(policy);
            }
        } finally {
            server.destroy();
        }
    }

    /**
     * One Kubernetes client per process: a run whose policy comes from a ConfigMap (the fromCluster mirror and the
     * engine both use the API) connects once ({@link CountingHttpClientFactory} counts the clients built for this
     * test's server).
     */
    @Test
    void theMirrorAndTheEngineShareOneClient() throws Exception {
        KubernetesMockServer server = startServer();
        try (KubernetesClient client = server.createClient()) {
            client.configMaps().inNamespace("vouch").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("vouch-policy").withNamespace("vouch").endMetadata()
                    .withData(Map.of("policy.json", "{\"default\":[{\"type\":\"reject\"}]}")).build()).create();
            kubeconfig(server);
            Path config = Files.writeString(dir.resolve("vouch.yaml"), """
                    fromCluster: {namespace: vouch, directory: mirror, policy: {configMap: vouch-policy}}
                    kubernetes: {kubeconfig: kubeconfig}
                    target:
                      kubernetes:
                        namespaces: [shop]
                        lease: {duration: 4s, renewDeadline: 3s, retryPeriod: 1s}
                    """);

            int before = CountingHttpClientFactory.built(server.getPort());
            CliResult run = Cli.run("serve", "--once", "--config", config.toString());

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(dir.resolve("mirror/policy.json")).as("the mirror used the client").isRegularFile();
            assertThat(CountingHttpClientFactory.built(server.getPort()) - before)
                    .as("Kubernetes clients built by the run").isEqualTo(1);
        } finally {
            server.destroy();
        }
    }
}
