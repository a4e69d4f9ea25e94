package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.ClusterFixture;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.crd.CrdFixtures;
import dev.vouch.reference.Digest;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.StateStore;
import dev.vouch.stream.StreamTagName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vouch history} and {@code vouch rollout undo/resume} on the ImageStream resources of the fabric8 mock API
 * server (CRUD mode, the CRD installed), their state in the resources' status.
 */
class ClusterStreamsCommandsTest {
    static final StreamTagName PROD = new StreamTagName("app", "prod");
    static final Digest OLD = Digest.sha256("old".getBytes(StandardCharsets.UTF_8));
    static final Digest NEW = Digest.sha256("new".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    ClusterFixture cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new ClusterFixture(dir);
        CrdFixtures.installCrd(cluster.client);
        CrdFixtures.create(cluster.client, CrdFixtures.stream("shop", "app", "prod", "staging"));
        try (StateStore store = KubernetesStateStore.open(cluster.client, "shop")) {
            store.recordVerdict(PROD, OLD, accepted("KEY1"), "policy-1", Instant.parse("2026-11-27T08:00:00Z"));
            store.recordVerdict(PROD, NEW, accepted("KEY2"), "policy-1", Instant.parse("2026-11-27T09:00:00Z"));
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static RecordedVerdict accepted(String signer) {
        return new RecordedVerdict(true, "docker://h.io/app:prod", "docker scope \"\"",
                List.of(new RecordedVerdict.Signer(signer, "h.io/app:prod")),
                List.of(new RecordedVerdict.RequirementResult("signedBy GPGKeys", true, "signed by " + signer)),
                "docker://h.io/app:prod: ACCEPTED\n");
    }

    private CliResult run(String command, String flags, String... args) {
        List<Object> all = new ArrayList<>(List.of(command.split(" ")));
        all.addAll(List.of(args));
        for (String flag : flags.trim().split(" +")) {
            all.add(flag.replace("KUBECONFIG", cluster.kubeconfig.toString()));
        }
        return Cli.run(all);
    }

    private static CliResult ok(CliResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        result.assertNoStackTrace();
        return result;
    }

    private Optional<Digest> current() throws Exception {
        try (StateStore store = KubernetesStateStore.open(cluster.client, "shop")) {
            return store.tagState(PROD).current();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "--kubeconfig KUBECONFIG",
        "--kubeconfig KUBECONFIG -n shop",
        "--kubeconfig KUBECONFIG --namespace=shop",
        "--kubeconfig KUBECONFIG --context mock",
        "--kubeconfig KUBECONFIG --context other -n shop"})
    void historyReadsTheStatusOfTheNamespacesImageStream(String flags) {
        String out = ok(run("history", flags, "app:prod")).stdout();
        assertThat(out).startsWith("app:prod  follows docker://h.io/app:prod  current " + NEW + "\n");
        assertThat(out).containsPattern("\\* 2026-11-27T09:00:00Z  " + NEW + " +accepted  KEY2 \\(h.io/app:prod\\)")
                .containsPattern("\n  2026-11-27T08:00:00Z  " + OLD + " +accepted  KEY1 \\(h.io/app:prod\\)");
        assertThat(ok(run("history", flags, "app")).stdout()).contains("app:staging  follows docker://h.io/app:staging"
                + "  no current digest\n  no digest recorded yet");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "history         | --kubeconfig KUBECONFIG -n other             | app:prod | imagestream other/app: not found",
        "history         | --kubeconfig KUBECONFIG --context other      | app:prod | imagestream other/app: not found",
        "history         | --kubeconfig KUBECONFIG                      | app:dev  | imagestream shop/app: no tag app:dev is defined or recorded",
        "rollout undo    | --kubeconfig KUBECONFIG                      | web:prod | imagestream shop/web: not found",
        "rollout undo    | --kubeconfig KUBECONFIG                      | app:dev  | imagestream shop/app: no tag app:dev in its spec",
        "rollout resume  | --kubeconfig KUBECONFIG -n Bad_Name          | app:prod | --namespace: Bad_Name: not a namespace name",
        "rollout undo    | --kubeconfig KUBECONFIG --context nope       | app:prod | --context: no context nope in KUBECONFIG",
        "import          | --kubeconfig KUBECONFIG --config absent.yaml | app:prod | absent.yaml"})
    void mistakesAreOneLineNamingTheResourceOrTheFlag(String command, String flags, String tag, String message) {
        CliResult result = run(command.trim(), flags, tag.trim());
        assertThat(result.assertOneLineUserError()).contains(message.replace("KUBECONFIG",
                cluster.kubeconfig.toString()));
    }

    @Test
    void undoPinsTheEarlierDigestInTheStatusAndResumeUnpins() throws Exception {
        CliResult undo = ok(run("rollout undo", "--kubeconfig KUBECONFIG", "app:prod"));
        assertThat(undo.stdout()).isEqualTo("app:prod: pinned to " + OLD + " (was " + NEW + "); imports will not move"
                + " it until `vouch rollout resume app:prod`\n");
        assertThat(current()).contains(OLD);
        assertThat(ok(run("history", "--kubeconfig KUBECONFIG", "app:prod")).stdout())
                .contains("current " + OLD + " (pinned)");

        CliResult resume = ok(run("rollout resume", "-n shop --kubeconfig KUBECONFIG", "app:prod"));
        assertThat(resume.stdout()).isEqualTo("app:prod: resumed; current " + NEW + "\n");
        assertThat(current()).contains(NEW);
    }

    @Test
    void theImagesDockerImageTriggersFollowAreNamedAfterTheImageAndKeptInTheReservedResource() throws Exception {
        StreamTagName direct = StreamTagName.parse("dockerimage:h.io_app_-prod");
        try (StateStore store = KubernetesStateStore.open(cluster.client, "shop")) {
            store.recordVerdict(direct, OLD, accepted("KEY1"), "policy-1", Instant.parse("2026-11-27T08:00:00Z"));
            store.recordVerdict(direct, NEW, accepted("KEY2"), "policy-1", Instant.parse("2026-11-27T09:00:00Z"));
        }
        assertThat(ok(run("history", "--kubeconfig KUBECONFIG", "dockerimage")).stdout())
                .startsWith(direct + "  follows docker://h.io/app:prod  current " + NEW + "\n");
        assertThat(ok(run("rollout undo", "--kubeconfig KUBECONFIG", direct.toString())).stdout())
                .startsWith(direct + ": pinned to " + OLD);
        assertThat(ok(run("rollout resume", "--kubeconfig KUBECONFIG", direct.toString())).stdout())
                .isEqualTo(direct + ": resumed; current " + NEW + "\n");
        assertThat(ok(run("history", "--kubeconfig KUBECONFIG", "app:prod")).stdout()).startsWith("app:prod  follows");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "rollout undo | dockerimage:h.io_app       | imagestream shop/dockerimage: dockerimage:h.io_app names no image followed directly",
        "history      | dockerimage:h.io_app_-prod | imagestream shop/dockerimage: no tag dockerimage:h.io_app_-prod is defined or recorded"})
    void aDockerimageNameThatNamesNoImageIsAOneLineMistake(String command, String tag, String message) {
        CliResult result = run(command.trim(), "--kubeconfig KUBECONFIG", tag.trim());
        assertThat(result.assertOneLineUserError()).contains(message);
    }

    @Test
    void withoutAClusterFlagTheCommandsUseVouchYaml() {
        CliResult result = Cli.run(List.of("history", "--config", dir.resolve("vouch.yaml").toString(), "app:prod"));
        assertThat(result.assertOneLineUserError()).contains(dir.resolve("vouch.yaml").toString());
    }
}
