package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch serve --once} on the demo workspace with its policy and key in ConfigMaps of the mock API server (CRUD
 * mode), reached through a kubeconfig: the objects are mirrored before the gate reads the policy.
 */
@EnableKubernetesMockClient(crud = true)
class ServeFromClusterTest {
    static final String HELLO = "sha256:bdea1eb1805606f4aa0b0dbbe6e1a168a4dd0a71f9bcbfb05bceadc969ed1403";

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;

    Path demoFromCluster() throws Exception {
        Path config = DemoWorkspace.prepare(dir);
        Path demo = config.getParent();
        Path mirror = demo.resolve("cluster");
        String policy = Files.readString(demo.resolve("policy.json")).replace(demo.resolve("keys/example.pub.asc")
                .toString(), mirror.resolve("keys/demo-keys/example.pub.asc").toString());
        client.configMaps().inNamespace("vouch").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("vouch-policy").withNamespace("vouch").endMetadata()
                .withData(Map.of("policy.json", policy)).build()).create();
        client.configMaps().inNamespace("vouch").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("demo-keys").withNamespace("vouch").endMetadata()
                .withData(Map.of("example.pub.asc", Files.readString(demo.resolve("keys/example.pub.asc")))).build())
                .create();
        Files.delete(demo.resolve("policy.json"));
        Path kubeconfig = Files.writeString(demo.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: vouch}}]
                current-context: mock
                users: [{name: tester, user: {token: not-checked}}]
                """.formatted(client.getConfiguration().getMasterUrl()));
        String yaml = Files.readString(config).replaceFirst("(?m)^policy: .*$", """
                kubernetes: {kubeconfig: %s}
                fromCluster:
                  namespace: vouch
                  directory: cluster
                  policy: {configMap: vouch-policy}
                  keys: [{configMap: demo-keys}]""".formatted(kubeconfig));
        return Files.writeString(config, yaml);
    }

    @Test
    void thePolicyAndKeyFromConfigMapsDecideTheRollout() throws Exception {
        Path config = demoFromCluster();

        CliResult run = Cli.run("serve", "--once", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("hello:1.0: " + HELLO + " ACCEPTED")
                .contains("rollout of hello:1.0 " + HELLO + " to hello.yaml: succeeded");
        assertThat(config.getParent().resolve("cluster/keys/demo-keys/example.pub.asc")).isRegularFile();
    }

    @Test
    void aMissingConfigMapIsOneLineNamingTheFieldAndExitCode2() throws Exception {
        Path config = demoFromCluster();
        client.configMaps().inNamespace("vouch").withName("demo-keys").delete();

        CliResult run = Cli.run("serve", "--once", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("vouch: " + config + ": fromCluster.keys[0]: configmap vouch/demo-keys not"
                + " found\n");
    }
}
