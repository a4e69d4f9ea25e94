package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch serve --once} on the demo workspace, and its answers to configuration mistakes. */
class ServeCommandTest {
    static final String HELLO = "sha256:bdea1eb1805606f4aa0b0dbbe6e1a168a4dd0a71f9bcbfb05bceadc969ed1403";

    @TempDir
    Path dir;

    @Test
    void theDemoRollsTheVerifiedDigestIntoTheManifestOnceAndOnlyOnce() throws Exception {
        Path config = DemoWorkspace.prepare(dir);
        assertThat(config).isEqualTo(dir.resolve("vouch-demo/vouch.yaml"));
        Path manifest = dir.resolve("vouch-demo/" + DemoWorkspace.MANIFEST);
        String before = Files.readString(manifest);

        CliResult first = Cli.run("serve", "--once", "--config", config.toString());
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("hello:1.0: " + HELLO + " ACCEPTED")
                .contains("rollout of hello:1.0 " + HELLO + " to hello.yaml: succeeded in commit ")
                .contains("hello.yaml:18: image: registry.example.com/vouch/hello@" + HELLO);
        assertThat(Files.readString(manifest)).isEqualTo(before.replace("registry.example.com/vouch/hello:1.0   #",
                "registry.example.com/vouch/hello@" + HELLO + "   #"));
        try (Git git = Git.open(manifest.getParent().toFile())) {
            RevCommit head = git.log().call().iterator().next();
            assertThat(head.getFullMessage()).contains("hello:1.0").contains(HELLO)
                    .contains("3BAA0DEBEB4609AAE0D0E13F7017257174935A3B");
        }

        CliResult second = Cli.run("serve", "--once", "--config", config.toString());
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("unchanged, accepted before").doesNotContain("rollout of");
        try (Git git = Git.open(manifest.getParent().toFile())) {
            assertThat(git.log().call()).hasSize(2);
        }
        assertThat(DemoWorkspace.prepare(dir)).isEqualTo(config);
    }

    @Test
    void aTamperedImageIsRejectedAndTheManifestStaysAsItWas() throws Exception {
        Path config = DemoWorkspace.prepare(dir);
        Path image = dir.resolve("vouch-demo/images/hello/manifest.json");
        String manifest = Files.readString(image);
        Files.writeString(image, manifest.replaceFirst("\\{", "{ "));
        Path deployment = dir.resolve("vouch-demo/" + DemoWorkspace.MANIFEST);
        String before = Files.readString(deployment);

        CliResult run = Cli.run("serve", "--once", "--config", config.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("REJECTED").doesNotContain("rollout of");
        assertThat(Files.readString(deployment)).isEqualTo(before);
    }

    @Test
    void configurationMistakesAreOneLineAndExitCode2() throws Exception {
        Path noTarget = Files.writeString(dir.resolve("no-target.yaml"), "state: state.db\nstreams: []\n");
        Path badListen = Files.writeString(dir.resolve("bad-listen.yaml"), "serve: {listen: nowhere}\n");
        for (Object[] mistake : new Object[][] {
                {noTarget, "vouch: " + noTarget + ": target: vouch serve needs a target"},
                {badListen, "vouch: " + badListen + ": serve.listen: expected HOST:PORT"},
                {dir.resolve("absent.yaml"), "vouch: " + dir.resolve("absent.yaml") + ": no such file"}}) {
            CliResult run = Cli.run(Stream.of("serve", "--once", "--config", mistake[0].toString()).toArray(String[]::new));
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
            assertThat(run.stderr()).startsWith((String) mistake[1]).hasLineCount(1);
        }
        assertThat(dir.resolve("state.db")).doesNotExist();
    }

    @Test
    void clusterModeMistakesAreOneLineAndExitCode2() throws Exception {
        Path noApi = Files.writeString(dir.resolve("no-api.yaml"), "target: {kubernetes: {}}\n");
        Path both = Files.writeString(dir.resolve("both.yaml"),
                "kubernetes: {}\ntarget: {kubernetes: {}, directory: manifests}\n");
        Path streams = Files.writeString(dir.resolve("streams.yaml"), "kubernetes: {}\ntarget: {kubernetes: {}}\n"
                + "streams: [{name: a, tags: [{name: t, from: 'docker://h.io/a:t'}]}]\n");
        Path noKubeconfig = Files.writeString(dir.resolve("no-kubeconfig.yaml"),
                "kubernetes: {kubeconfig: absent/config}\ntarget: {kubernetes: {}}\n");
        for (Object[] mistake : new Object[][] {
                {noApi, "vouch: " + noApi + ": target.kubernetes: needs the kubernetes section"},
                {both, "vouch: " + both + ": target.kubernetes: excludes target.directory"},
                {streams, "vouch: " + streams + ": streams: not allowed with target.kubernetes"},
                {noKubeconfig, "vouch: " + noKubeconfig + ": kubernetes.kubeconfig: " + dir.resolve("absent/config")
                        + ": cannot be read"}}) {
            CliResult run = Cli.run("serve", "--once", "--config", mistake[0].toString());
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
            assertThat(run.stderr()).startsWith((String) mistake[1]).hasLineCount(1);
        }
    }
}
