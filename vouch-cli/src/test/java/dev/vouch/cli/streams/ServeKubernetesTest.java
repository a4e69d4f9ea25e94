package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.crd.ImageStreamResources;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Kubernetes client per {@code vouch serve} process: a cluster run whose policy comes from a ConfigMap (the
 * fromCluster mirror and the engine both use the API) connects once. Each fabric8 client with the JDK transport has
 * its own {@link HttpClient}, and the JDK numbers those in order of creation, so the number of clients a run built is
 * the difference between the numbers of two clients made before and after it (no image is read from a registry in
 * the run, so no other HTTP client is built).
 */
class ServeKubernetesTest {
    static final Pattern CLIENT_NUMBER = Pattern.compile("\\((\\d+)\\)$");

    @TempDir
    Path dir;
    KubernetesMockServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            try (InputStream in = Files.newInputStream(Path.of("..", ImageStreamResources.CRD_MANIFEST))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
            client.configMaps().inNamespace("vouch").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("vouch-policy").withNamespace("vouch").endMetadata()
                    .withData(Map.of("policy.json", "{\"default\":[{\"type\":\"reject\"}]}")).build()).create();
        }
    }

    @AfterEach
    void stopServer() {
        server.destroy();
    }

    /** The JDK's number of the next {@link HttpClient}, less one. */
    static long lastClientNumber() {
        HttpClient probe = HttpClient.newHttpClient();
        Matcher number = CLIENT_NUMBER.matcher(probe.toString());
        assertThat(number.find()).as("the JDK names its clients %s", probe).isTrue();
        return Long.parseLong(number.group(1));
    }

    @Test
    void aClusterRunWithItsPolicyFromAConfigMapConnectsOnce() throws Exception {
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: tester, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: vouch}}]
                current-context: mock
                """.formatted(server.url("/")));
        Path config = Files.writeString(dir.resolve("vouch.yaml"), """
                fromCluster: {namespace: vouch, directory: mirror, policy: {configMap: vouch-policy}}
                kubernetes: {kubeconfig: kubeconfig}
                target:
                  kubernetes:
                    namespaces: [shop]
                    lease: {duration: 4s, renewDeadline: 3s, retryPeriod: 1s}
                """);

        long before = lastClientNumber();
        CliResult run = Cli.run("serve", "--once", "--config", config.toString());
        long after = lastClientNumber();

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(dir.resolve("mirror/policy.json")).as("the mirror used the client").isRegularFile();
        assertThat(after - before - 1).as("HTTP clients built by the run").isEqualTo(1);
    }
}
