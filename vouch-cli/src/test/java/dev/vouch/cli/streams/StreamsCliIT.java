package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.ClusterFixture;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.crd.CrdFixtures;
import dev.vouch.reference.Digest;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.StateStore;
import dev.vouch.stream.StreamTagName;
import dev.vouch.testing.registry.RegistryFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch import}, {@code history} and {@code rollout} on a real registry with skopeo-signed pushes. */
class StreamsCliIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;

    @BeforeAll
    static void startRegistries() throws Exception {
        fixture = RegistryFixture.start(work);
    }

    @AfterAll
    static void stopRegistries() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static CliResult vouch(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return Cli.run(all);
    }

    String push(String variant, Optional<String> signer) throws Exception {
        return fixture.push(fixture.plain, "cli/app:prod", variant, signer, List.of());
    }

    @Test
    void importHistoryUndoAndResumeOfAFollowedTag() throws Exception {
        Path dir = Files.createTempDirectory(work, "cli");
        Path config = Files.writeString(dir.resolve("vouch.yaml"), "policy: " + fixture.signedByPolicy + "\n"
                + "registriesD: " + fixture.fileRegistriesDirectory + "\n"
                + "tlsVerify: false\n"
                + "state: state.db\n"
                + "streams:\n"
                + "  - name: app\n"
                + "    tags:\n"
                + "      - name: prod\n"
                + "        from: docker://" + fixture.plain.hostPort() + "/cli/app:prod\n");

        String first = push("cli-1", Optional.of(fixture.trustedKey));
        CliResult accepted = vouch(config, "import", "app:prod");
        assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
        assertThat(accepted.stdout()).startsWith("app:prod: " + first + " ACCEPTED: signed by ").contains("now current");
        assertThat(Files.exists(dir.resolve("state.db"))).isTrue();

        CliResult unchanged = vouch(config, "import", "app");
        assertThat(unchanged.exitCode()).isZero();
        assertThat(unchanged.stdout()).contains(first + " unchanged, accepted before");

        String unsigned = push("cli-unsigned", Optional.empty());
        CliResult rejected = vouch(config, "import", "app:prod");
        assertThat(rejected.exitCode()).as(rejected.stdout()).isEqualTo(1);
        assertThat(rejected.stdout()).contains(unsigned + " REJECTED: ").contains("current " + first);

        String second = push("cli-2", Optional.of(fixture.trustedKey));
        assertThat(vouch(config, "import", "app:prod").exitCode()).isZero();

        CliResult history = vouch(config, "history", "app");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        assertThat(history.stdout()).contains("app:prod  follows docker://").contains("current " + second)
                .containsPattern("\\* \\S+\\s+" + second + "\\s+accepted\\s+" + fixture.trustedKey.substring(0, 8))
                .containsPattern("  \\S+\\s+" + unsigned + "\\s+REJECTED")
                .containsPattern("  \\S+\\s+" + first + "\\s+accepted");

        CliResult refused = vouch(config, "rollout", "undo", "app:prod", "--to", unsigned);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).isEqualTo("vouch: app:prod: " + unsigned
                + " is not an accepted digest in the history of app:prod\n");

        CliResult undo = vouch(config, "rollout", "undo", "app:prod");
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(undo.stdout()).startsWith("app:prod: pinned to " + first + " (was " + second + ")");

        String third = push("cli-3", Optional.of(fixture.trustedKey));
        CliResult pinned = vouch(config, "import", "app:prod");
        assertThat(pinned.exitCode()).isZero();
        assertThat(pinned.stdout()).contains(third + " ACCEPTED").contains("not current: the tag is pinned to " + first);
        assertThat(vouch(config, "history", "app:prod").stdout()).contains("current " + first + " (pinned)");

        CliResult resume = vouch(config, "rollout", "resume", "app:prod");
        assertThat(resume.exitCode()).isZero();
        assertThat(resume.stdout()).isEqualTo("app:prod: resumed; current " + third + "\n");
    }

    @Test
    void importOnTheClusterRecordsTheVerdictInTheImageStreamsStatus() throws Exception {
        Path dir = Files.createTempDirectory(work, "cluster");
        Path config = Files.writeString(dir.resolve("vouch.yaml"), "policy: " + fixture.signedByPolicy + "\n"
                + "registriesD: " + fixture.fileRegistriesDirectory + "\n"
                + "tlsVerify: false\n");
        try (ClusterFixture cluster = new ClusterFixture(dir)) {
            CrdFixtures.installCrd(cluster.client);
            CrdFixtures.create(cluster.client, CrdFixtures.resource("shop", "web", Map.of("tags", List.of(Map.of(
                    "name", "prod", "from", "docker://" + fixture.plain.hostPort() + "/cli/cluster:prod")))));
            String signed = fixture.push(fixture.plain, "cli/cluster:prod", "cli-cluster-1",
                    Optional.of(fixture.trustedKey), List.of());
            CliResult accepted = vouch(config, "import", "web:prod", "--kubeconfig", cluster.kubeconfig.toString());
            assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
            assertThat(accepted.stdout()).startsWith("web:prod: " + signed + " ACCEPTED: signed by ")
                    .contains("now current");

            String unsigned = fixture.push(fixture.plain, "cli/cluster:prod", "cli-cluster-2", Optional.empty(),
                    List.of());
            CliResult rejected = vouch(config, "import", "web", "-n", "shop", "--kubeconfig",
                    cluster.kubeconfig.toString());
            assertThat(rejected.exitCode()).as(rejected.describe()).isEqualTo(1);
            assertThat(rejected.stdout()).contains(unsigned + " REJECTED: ").contains("current " + signed);
            try (StateStore store = KubernetesStateStore.open(cluster.client, "shop")) {
                StreamTagName tag = new StreamTagName("web", "prod");
                assertThat(store.tagState(tag).current()).contains(Digest.parse(signed));
                assertThat(store.history(tag)).extracting(entry -> entry.digest().toString())
                        .containsExactlyInAnyOrder(signed, unsigned);
            }

            // An image DockerImage triggers follow, by its name: its state goes to the reserved resource, created.
            String direct = "dockerimage:" + fixture.plain.hostPort().replace(":", "_-") + "_cli_cluster_-prod";
            CliResult directImport = vouch(config, "import", direct, "--kubeconfig", cluster.kubeconfig.toString());
            assertThat(directImport.exitCode()).as(directImport.describe()).isEqualTo(1);
            assertThat(directImport.stdout()).startsWith(direct + ": " + unsigned + " REJECTED: ");
            try (StateStore store = KubernetesStateStore.open(cluster.client, "shop")) {
                assertThat(store.history(StreamTagName.parse(direct))).extracting(entry -> entry.digest().toString())
                        .containsExactly(unsigned);
            }
            assertThat(Files.exists(dir.resolve("state.db"))).as("no SQLite state on the cluster").isFalse();
        }
    }

    @Test
    void aDirectlyFollowedImageHasAHistoryAndIsRolledBackAndResumedByItsName() throws Exception {
        Path dir = Files.createTempDirectory(work, "direct");
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        String image = fixture.plain.hostPort() + "/cli/direct:prod";
        String name = "dockerimage:" + fixture.plain.hostPort().replace(":", "_-") + "_cli_direct_-prod";
        Path manifest = Files.writeString(manifests.resolve("direct.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: direct
                  annotations:
                    image.openshift.io/triggers: '[{"from":{"kind":"DockerImage","name":"%s"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"app\\")].image"}]'
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: %s
                """.formatted(image, image));
        Path config = Files.writeString(dir.resolve("vouch.yaml"), "policy: " + fixture.signedByPolicy + "\n"
                + "registriesD: " + fixture.fileRegistriesDirectory + "\n"
                + "tlsVerify: false\n"
                + "state: state.db\n"
                + "serve: {dockerImages: {importInterval: 1m}}\n"
                + "target: {directory: manifests}\n");
        String pinnedAt = fixture.plain.hostPort() + "/cli/direct@";

        String first = fixture.push(fixture.plain, "cli/direct:prod", "direct-1", Optional.of(fixture.trustedKey),
                List.of());
        CliResult once = vouch(config, "serve", "--once");
        assertThat(once.exitCode()).as(once.stderr()).isZero();
        assertThat(once.stdout()).contains(name + ": " + first + " ACCEPTED");
        assertThat(Files.readString(manifest)).contains("image: " + pinnedAt + first);

        String second = fixture.push(fixture.plain, "cli/direct:prod", "direct-2", Optional.of(fixture.trustedKey),
                List.of());
        CliResult imported = vouch(config, "import", name);
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        assertThat(imported.stdout()).startsWith(name + ": " + second + " ACCEPTED");

        CliResult history = vouch(config, "history", "dockerimage");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        assertThat(history.stdout()).startsWith(name + "  follows docker://" + image + "  current " + second)
                .contains(first).contains("rollout to ");

        CliResult undo = vouch(config, "rollout", "undo", name);
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(undo.stdout()).startsWith(name + ": pinned to " + first + " (was " + second + ")");
        assertThat(vouch(config, "serve", "--once").exitCode()).isZero();
        assertThat(Files.readString(manifest)).contains("image: " + pinnedAt + first);

        CliResult resume = vouch(config, "rollout", "resume", name);
        assertThat(resume.stdout()).isEqualTo(name + ": resumed; current " + second + "\n");
        assertThat(vouch(config, "serve", "--once").exitCode()).isZero();
        assertThat(Files.readString(manifest)).contains("image: " + pinnedAt + second);

        CliResult unknown = vouch(config, "rollout", "undo", "dockerimage:nothing");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("no tag dockerimage:nothing is defined (nor is it the name of an image"
                + " followed directly");
    }
}
