package dev.vouch.cli.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.ClusterFixture;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code vouch set triggers} without {@code -f}: workloads in the fabric8 mock API server (CRUD mode). */
class ClusterSetTriggersTest {
    /** What {@code oc set triggers deploy/web --from-image=web:prod -c web} writes (Go's encoding/json). */
    private static final String OC_WEB_PROD = "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},"
            + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\"}]";
    private static final String KEY = "image.openshift.io/triggers";

    @TempDir
    Path dir;
    ClusterFixture cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new ClusterFixture(dir);
        create("shop");
        create("other");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void create(String namespace) {
        cluster.client.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(namespace)
                .withLabels(Map.of("app", "web")).withAnnotations(new LinkedHashMap<>(Map.of("owner", "shop")))
                .endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("quay.io/shop/web:prod").endContainer()
                .addNewContainer().withName("proxy").withImage("quay.io/shop/proxy:2").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    private Deployment stored(String namespace) {
        return cluster.client.apps().deployments().inNamespace(namespace).withName("web").get();
    }

    private CliResult run(String... args) {
        List<Object> all = new ArrayList<>(List.of("set", "triggers"));
        for (String arg : args) {
            all.add(arg.replace("KUBECONFIG", cluster.kubeconfig.toString()).replace("DIR", dir.toString()));
        }
        return Cli.run(all);
    }

    private static CliResult ok(CliResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        result.assertNoStackTrace();
        return result;
    }

    @Test
    void writesTheAnnotationOcWritesIntoTheDeploymentAndNothingElse() {
        Deployment before = stored("shop");
        CliResult result = ok(run("deploy/web", "--from-image=web:prod", "--containers=web",
                "--kubeconfig", "KUBECONFIG"));
        assertThat(result.stdout()).isEqualTo("deployment/web -n shop: triggers updated\n");
        Deployment after = stored("shop");
        assertThat(after.getMetadata().getAnnotations()).containsOnly(Map.entry("owner", "shop"),
                Map.entry(KEY, OC_WEB_PROD));
        assertThat(after.getSpec()).isEqualTo(before.getSpec());
        assertThat(stored("other").getMetadata().getAnnotations()).doesNotContainKey(KEY);

        assertThat(ok(run("deploy/web", "--from-image=web:prod", "-c", "web", "--kubeconfig", "KUBECONFIG")).stdout())
                .isEqualTo("deployment/web -n shop: triggers not changed\n");
        assertThat(ok(run("deploy/web", "--kubeconfig", "KUBECONFIG")).stdout()).isEqualTo("""
                NAMESPACE  NAME            TYPE   VALUE           AUTO
                shop       deployment/web  image  web:prod (web)  true
                """);
    }

    @Test
    void manualAutoAndRemoveBehaveAsOnFiles() {
        ok(run("deploy/web", "--from-image=web:prod", "-c", "web", "--manual", "--kubeconfig", "KUBECONFIG"));
        assertThat(stored("shop").getMetadata().getAnnotations().get(KEY))
                .isEqualTo(OC_WEB_PROD.replace("}]", ",\"paused\":true}]"));
        ok(run("deploy/web", "--auto", "--kubeconfig", "KUBECONFIG"));
        assertThat(stored("shop").getMetadata().getAnnotations().get(KEY)).isEqualTo(OC_WEB_PROD);
        ok(run("deploy/web", "--remove", "--from-image=web:prod", "--kubeconfig", "KUBECONFIG"));
        assertThat(stored("shop").getMetadata().getAnnotations()).containsOnly(Map.entry("owner", "shop"));
    }

    @ParameterizedTest(name = "{0} edits namespace {1}")
    @CsvSource(delimiter = '|', value = {
        "--kubeconfig KUBECONFIG                      | shop",
        "--kubeconfig KUBECONFIG -n other             | other",
        "--kubeconfig KUBECONFIG --namespace=other    | other",
        "--kubeconfig KUBECONFIG --context other      | other",
        "--kubeconfig KUBECONFIG --context=other -n shop | shop"})
    void theNamespaceComesFromTheFlagElseTheContext(String flags, String namespace) {
        List<String> args = new ArrayList<>(List.of("deploy/web", "--from-image=web:prod", "-c", "web"));
        args.addAll(List.of(flags.trim().split(" +")));
        ok(run(args.toArray(String[]::new)));
        String other = namespace.equals("shop") ? "other" : "shop";
        assertThat(stored(namespace).getMetadata().getAnnotations()).containsEntry(KEY, OC_WEB_PROD);
        assertThat(stored(other).getMetadata().getAnnotations()).doesNotContainKey(KEY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "deploy/web --from-image=web:prod -c web --kubeconfig DIR/absent      | --kubeconfig: DIR/absent: cannot be read",
        "deploy/web --from-image=web:prod -c web --kubeconfig KUBECONFIG --context nope | --context: no context nope in KUBECONFIG",
        "deploy/web --from-image=web:prod -c web --kubeconfig KUBECONFIG -n Shop_1 | --namespace: Shop_1: not a namespace name",
        "deploy/api --from-image=web:prod -c web --kubeconfig KUBECONFIG      | deployment/api -n shop: not found",
        "deploy/web --from-image=web:prod -c db --kubeconfig KUBECONFIG       | deployment/web -n shop: not all container names exist: db (accepts: proxy, web); nothing was written"})
    void userMistakesAreOneLineNamingTheFlagOrTheWorkload(String args, String message) {
        CliResult result = run(args.trim().split(" +"));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.assertOneLineUserError()).startsWith("vouch: " + message.replace("KUBECONFIG",
                cluster.kubeconfig.toString()).replace("DIR", dir.toString()));
        assertThat(stored("shop").getMetadata().getAnnotations()).doesNotContainKey(KEY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-f DIR deploy/web --from-image=web:prod -c web --kubeconfig KUBECONFIG | --kubeconfig: works on the cluster; -f works on files",
        "-f DIR deploy/web --from-image=web:prod -c web -n shop                 | --namespace: works on the cluster; -f works on files",
        "-f DIR deploy/web --from-image=web:prod -c web --cluster               | --cluster: works on the cluster; -f works on files",
        "--from-image=web:prod -c web --kubeconfig KUBECONFIG                   | KIND/NAME: name the workloads to work on in the cluster"})
    void filesAndClusterAreNotMixed(String args, String message) {
        CliResult result = run(args.trim().split(" +"));
        assertThat(result.assertUsageError("vouch set triggers")).contains(message);
    }
}
