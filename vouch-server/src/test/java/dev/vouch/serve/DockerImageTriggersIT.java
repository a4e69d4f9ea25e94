package dev.vouch.serve;

import static dev.vouch.serve.ServeIT.await;
import static dev.vouch.serve.ServeIT.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gittarget.GitFixture;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.schedule.PollScheduler;
import dev.vouch.schedule.RegistryLimits;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.RolloutResult;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTagName;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.testing.registry.RegistryServer;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DockerImage} triggers followed by {@code vouch serve} end to end: the real docker-registry, images pushed and
 * signed by skopeo, a real Git repository of manifests, and no stream in the configuration.
 */
class DockerImageTriggersIT {
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);

    @TempDir
    Path dir;

    static String deployment(String name, String image, boolean paused) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  annotations:
                    image.openshift.io/triggers: '[{"from":{"kind":"DockerImage","name":"%s"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"app\\")].image"%s}]'
                spec:
                  template:
                    spec:
                      containers:
                        - name: app   # keep this comment
                          image: example.com/app:old
                """.formatted(name, image, paused ? ",\"paused\":true" : "");
    }

    StreamConfig config(Path repository, Duration dockerImageInterval) {
        return new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("state.db"), List.of(),
                new ServeSettings("127.0.0.1", 0, Optional.empty(), dockerImageInterval),
                Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
    }

    static ServeEngine open(StreamConfig config, StringWriter logs) throws Exception {
        return ServeIT.open(fixture, config, logs);
    }

    static PollScheduler scheduler() {
        return new PollScheduler(2, host -> RegistryLimits.DEFAULT, RandomGenerator.getDefault());
    }

    static StreamTagName direct(RegistryServer registry, String repositoryAndTag) {
        return DockerImageTags.name(ImageReference.parse(registry.hostPort() + "/" + repositoryAndTag));
    }

    static Optional<HistoryEntry> entry(ServeEngine engine, StreamTagName tag, Digest digest) {
        try {
            return engine.store().entry(tag, digest);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Test
    void aSignedPushLandsAnUnsignedOneIsRefusedAndAPausedTriggerDoesNothing() throws Exception {
        int port = RegistryServer.freePort();
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).notifications(
                "http://127.0.0.1:" + port + "/notifications", ServeIT.TOKEN).start();
        String image = registry.hostPort() + "/team/app:prod";
        String pausedImage = registry.hostPort() + "/team/paused:prod";
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of(
                "app.yaml", deployment("app", image, false),
                "app-paused.yaml", deployment("app-paused", image, true),
                "paused.yaml", deployment("paused", pausedImage, true),
                "broken.yaml", deployment("broken", registry.hostPort() + "/team/app@sha256:" + "ab".repeat(32),
                        false)));
        Path manifest = repository.resolve("app.yaml");
        StreamTagName tag = direct(registry, "team/app:prod");
        Path tokenFile = Files.writeString(dir.resolve("token"), ServeIT.TOKEN + "\n");
        StreamConfig base = config(repository, Duration.ofHours(1));
        StreamConfig config = new StreamConfig(base.file(), base.policy(), base.registriesDirectory(),
                base.authFile(), base.certDirectory(), base.tlsVerify(), base.state(), base.streams(),
                new ServeSettings("127.0.0.1", 0, Optional.of(tokenFile), Duration.ofHours(1)), base.target());
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = open(config, logs)) {
            assertThat(engine.tags()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo(tag);
                assertThat(t.from().text()).isEqualTo("docker://" + image);
                assertThat(t.importInterval()).isEqualTo(Duration.ofHours(1));
            });
            assertThat(engine.rollouts().manifestProblems()).singleElement().asString().startsWith("broken.yaml:")
                    .contains("must name a tag to follow and no digest");
            assertThat(engine.metrics().render()).contains("vouch_manifest_problems 1");
            engine.startHttp(Optional.of(new InetSocketAddress("127.0.0.1", port)));
            PollScheduler polls = scheduler();
            engine.follow(polls);

            Digest signed = Digest.parse(fixture.push(registry, "team/app:prod", "direct-signed",
                    Optional.of(fixture.trustedKey), List.of()));
            String pinned = registry.hostPort() + "/team/app@" + signed;
            try {
                await("the signed digest in the manifest", Duration.ofSeconds(60),
                        () -> read(manifest).contains(pinned));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs + "\nregistry: " + registry.log(), e);
            }
            assertThat(read(manifest)).isEqualTo(deployment("app", image, false).replace("example.com/app:old",
                    pinned));
            assertThat(read(repository.resolve("app-paused.yaml"))).isEqualTo(deployment("app-paused", image, true));
            await("the rollout recorded", Duration.ofSeconds(10), () -> entry(engine, tag, signed)
                    .map(e -> !e.rollouts().isEmpty()).orElse(false));
            assertThat(git.subjects(repository, "HEAD")).first().asString().contains(tag.toString());
            assertThat(entry(engine, tag, signed).orElseThrow().rollouts()).singleElement()
                    .satisfies(r -> assertThat(r.result()).isEqualTo(RolloutResult.SUCCEEDED));
            assertThat(engine.store().tagState(tag).current()).contains(signed);
            int commits = git.subjects(repository, "HEAD").size();

            Digest unsigned = Digest.parse(fixture.push(registry, "team/app:prod", "direct-unsigned",
                    Optional.empty(), List.of()));
            await("the unsigned digest recorded", Duration.ofSeconds(60),
                    () -> entry(engine, tag, unsigned).isPresent());
            assertThat(entry(engine, tag, unsigned).orElseThrow().accepted()).isFalse();
            assertThat(engine.store().tagState(tag).current()).contains(signed);
            Digest pausedDigest = Digest.parse(fixture.push(registry, "team/paused:prod", "direct-paused",
                    Optional.of(fixture.trustedKey), List.of()));
            ServeIT.settle(engine);
            assertThat(engine.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(read(manifest)).contains(pinned).doesNotContain(unsigned.toString());
            assertThat(read(repository.resolve("paused.yaml"))).isEqualTo(deployment("paused", pausedImage, true))
                    .doesNotContain(pausedDigest.toString());
            assertThat(engine.store().tagStates()).extracting(s -> s.tag()).containsExactly(tag);
            assertThat(git.subjects(repository, "HEAD")).hasSize(commits);
            assertThat(engine.metrics().render()).contains("vouch_imports_total{outcome=\"accepted\"} 1")
                    .contains("vouch_followed_tags 1");
            // The unsigned digest is rejected at least once; the signed one too when a notification's read came
            // before skopeo wrote its signature, and each notification's rechecks may read either again.
            assertThat(ServeIT.rejected(engine)).isBetween(1L, 2L * (ServeEngine.NOTIFICATION_RECHECKS.size() + 1));
            assertThat(logs.toString()).contains("\"event\":\"import.rejected\"").doesNotContain(ServeIT.TOKEN);
        }
    }

    @Test
    void triggersAddedAndRemovedWhileServingArePickedUp() throws Exception {
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).start();
        String image = registry.hostPort() + "/team/web:prod";
        Digest signed = Digest.parse(fixture.push(registry, "team/web:prod", "direct-added",
                Optional.of(fixture.trustedKey), List.of()));
        String pinned = registry.hostPort() + "/team/web@" + signed;
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("README.md", "manifests\n"));
        StreamTagName tag = direct(registry, "team/web:prod");
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = open(config(repository, Duration.ofHours(1)), logs)) {
            PollScheduler polls = scheduler();
            engine.follow(polls);
            assertThat(engine.tags()).isEmpty();
            assertThat(polls.size()).isEqualTo(1); // the re-scan of the manifests

            // Committed while serving: the periodic re-scan finds it, imports at once and rolls out.
            Files.writeString(repository.resolve("web.yaml"), deployment("web", image, false));
            git.git(repository, "add", "web.yaml");
            git.git(repository, "commit", "-q", "-m", "web follows " + image);
            try {
                await("the re-scan and rollout", ServeEngine.TRIGGER_RESCAN.multipliedBy(2).plusSeconds(30),
                        () -> read(repository.resolve("web.yaml")).contains(pinned));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs, e);
            }
            await("the rollout recorded", Duration.ofSeconds(10), () -> entry(engine, tag, signed)
                    .map(e -> !e.rollouts().isEmpty()).orElse(false));
            assertThat(engine.tags()).extracting(t -> t.name()).containsExactly(tag);
            assertThat(polls.size()).isEqualTo(2);
            assertThat(logs.toString()).contains("\"event\":\"follow.added\"");

            // A second workload following the same image gets its current digest without the tag moving.
            Files.writeString(repository.resolve("web-2.yaml"), deployment("web-2", image, false));
            git.git(repository, "add", "web-2.yaml");
            git.git(repository, "commit", "-q", "-m", "a second web");
            assertThat(engine.rescanTriggers()).isTrue();
            assertThat(engine.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(read(repository.resolve("web-2.yaml"))).contains(pinned);
            assertThat(engine.store().entry(tag, signed).orElseThrow().rollouts()).extracting(r -> r.result())
                    .containsOnly(RolloutResult.SUCCEEDED).hasSize(2);

            // Both removed: the tag is no longer polled; its history stays.
            git.git(repository, "rm", "-q", "web.yaml", "web-2.yaml");
            git.git(repository, "commit", "-q", "-m", "web retired");
            assertThat(engine.rescanTriggers()).isTrue();
            assertThat(engine.tags()).isEmpty();
            assertThat(polls.size()).isEqualTo(1);
            assertThat(engine.metrics().render()).contains("vouch_followed_tags 0");
            assertThat(engine.store().tagState(tag).current()).contains(signed);
            assertThat(logs.toString()).contains("\"event\":\"follow.removed\"");
        }
    }
}
