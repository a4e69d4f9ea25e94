package dev.vouch.serve;

import static dev.vouch.gittarget.GitFixture.triggeredDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.ImportResult;
import dev.vouch.gittarget.GitFixture;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.reference.Digest;
import dev.vouch.schedule.PollScheduler;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.RolloutResult;
import dev.vouch.stream.ImageStream;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.transport.SourceContext;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch serve}'s engine end to end: the real docker-registry (sending its notifications to the engine's
 * endpoint, or not at all), images pushed and signed by skopeo, and a real Git repository of manifests.
 */
class ServeIT {
    static final String TOKEN = "notify-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final StreamTagName APP = StreamTagName.parse("app:prod");

    @TempDir
    static Path work;
    static RegistryFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistries() throws Exception {
        fixture = RegistryFixture.start(work.resolve("fixture"));
    }

    @AfterAll
    static void stopRegistries() {
        if (fixture != null) {
            fixture.close();
        }
    }

    StreamConfig config(RegistryServer registry, Path repository, Duration interval, Optional<Path> tokenFile) {
        StreamTag tag = new StreamTag(APP, TagSource.parse("docker://" + registry.hostPort() + "/team/app:prod", dir),
                interval, false);
        return new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("state.db"),
                List.of(new ImageStream("app", List.of(tag))), new ServeSettings("127.0.0.1", 0, tokenFile),
                Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
    }

    static ServeEngine open(StreamConfig config, StringWriter logs) throws Exception {
        SourceContext context = SourceContext.defaults().withHomeDirectory(fixture.home, false)
                .withRegistriesDirectory(fixture.fileRegistriesDirectory).withTlsVerify(false);
        return ServeEngine.open(config, GatePolicy.load(config.policyFile()), context,
                new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Optional<HistoryEntry> entry(ServeEngine engine, Digest digest) {
        try {
            return engine.store().entry(APP, digest);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static long rejected(ServeEngine engine) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(
                "vouch_imports_total\\{outcome=\"rejected\"} (\\d+)").matcher(engine.metrics().render());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    @Test
    void notifiedSignedPushIsCommittedAndAnUnsignedOneRefusedAndRecorded() throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("apps/app.yaml", triggeredDeployment("app:prod"),
                "apps/other.yaml", triggeredDeployment("other:prod")));
        Path manifest = repository.resolve("apps/app.yaml");
        int port = RegistryServer.freePort();
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .notifications("http://127.0.0.1:" + port + "/notifications", TOKEN).start();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = open(config(registry, repository, Duration.ofHours(1),
                Optional.of(tokenFile)), logs)) {
            engine.startHttp(Optional.of(new InetSocketAddress("127.0.0.1", port)));
            engine.follow(new PollScheduler(2, host -> dev.vouch.schedule.RegistryLimits.DEFAULT,
                    java.util.random.RandomGenerator.getDefault()));

            Digest signed = Digest.parse(fixture.push(registry, "team/app:prod", "serve-signed",
                    Optional.of(fixture.trustedKey), List.of()));
            String pinned = registry.hostPort() + "/team/app@" + signed;
            try {
                await("the signed digest in the manifest", Duration.ofSeconds(60),
                        () -> read(manifest).contains(pinned));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs + "\nregistry: " + registry.log(), e);
            }
            assertThat(read(manifest)).isEqualTo(triggeredDeployment("app:prod").replace("example.com/app:old",
                    pinned));
            assertThat(read(repository.resolve("apps/other.yaml"))).isEqualTo(triggeredDeployment("other:prod"));
            // The file is written before the commit: the rollout is recorded once committed.
            await("the rollout recorded", Duration.ofSeconds(10), () -> entry(engine, signed)
                    .map(e -> !e.rollouts().isEmpty()).orElse(false));
            assertThat(git.subjects(repository, "HEAD")).first().asString().contains("app:prod")
                    .contains(signed.toString().substring(0, 19));
            assertThat(git.git(repository, "log", "-1", "--format=%B")).contains(signed.toString())
                    .containsIgnoringCase(fixture.trustedKey);
            assertThat(entry(engine, signed).orElseThrow().rollouts()).singleElement()
                    .satisfies(r -> assertThat(r.result()).isEqualTo(RolloutResult.SUCCEEDED));
            int commits = git.subjects(repository, "HEAD").size();
            long rejectedBefore = rejected(engine); // the signed digest too, if read before its signature was written

            Digest unsigned = Digest.parse(fixture.push(registry, "team/app:prod", "serve-unsigned", Optional.empty(),
                    List.of()));
            try {
                await("the unsigned digest recorded", Duration.ofSeconds(60),
                        () -> entry(engine, unsigned).isPresent());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs + "\nregistry: " + registry.log(), e);
            }
            assertThat(entry(engine, unsigned).orElseThrow().accepted()).isFalse();
            assertThat(engine.store().tagState(APP).current()).contains(signed);
            Thread.sleep(500);
            assertThat(read(manifest)).contains(pinned).doesNotContain(unsigned.toString());
            assertThat(git.subjects(repository, "HEAD")).hasSize(commits);
            // The unsigned digest is verified again at the notification's rechecks (the first read may still find
            // the previous digest: the registry notifies before it moves the tag; a failed read ends them), then no
            // more: the count stops growing within the rechecks' bound.
            long rejectedNow = rejected(engine);
            Instant stableSince = Instant.now();
            while (Duration.between(stableSince, Instant.now()).compareTo(Duration.ofSeconds(4)) < 0) {
                Thread.sleep(200);
                if (rejected(engine) != rejectedNow) {
                    rejectedNow = rejected(engine);
                    stableSince = Instant.now();
                }
            }
            assertThat(rejectedNow - rejectedBefore).isBetween(1L, ServeEngine.NOTIFICATION_RECHECKS.size() + 1L);
            assertThat(engine.metrics().render()).contains("vouch_imports_total{outcome=\"accepted\"} 1")
                    .contains("vouch_notification_requests_total{status=\"200\"}");
            assertThat(logs.toString()).contains("\"event\":\"import.rejected\"").doesNotContain(TOKEN);
        }
    }

    @Test
    void aSignatureWrittenShortlyAfterTheNotifiedPushIsFoundWithoutWaitingForTheGatesPause() throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
        int port = RegistryServer.freePort();
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .notifications("http://127.0.0.1:" + port + "/notifications", TOKEN).start();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = open(config(registry, repository, Duration.ofHours(1),
                Optional.of(tokenFile)), logs)) {
            engine.startHttp(Optional.of(new InetSocketAddress("127.0.0.1", port)));
            engine.follow(new PollScheduler(2, host -> dev.vouch.schedule.RegistryLimits.DEFAULT,
                    java.util.random.RandomGenerator.getDefault()));
            byte[] signature = fixture.standaloneSignature("serve-late", registry.hostPort() + "/team/app:prod",
                    fixture.trustedKey);
            Digest late = Digest.parse(fixture.push(registry, "team/app:prod", "serve-late", Optional.empty(),
                    List.of()));
            await("the unsigned digest rejected", Duration.ofSeconds(10), () -> entry(engine, late).isPresent());
            assertThat(entry(engine, late).orElseThrow().accepted()).isFalse();
            Thread.sleep(300);
            fixture.appendSignature("team/app", late.toString(), signature);
            Instant signedAt = Instant.now();
            String pinned = registry.hostPort() + "/team/app@" + late;
            try {
                await("the late-signed digest in the manifest", Duration.ofSeconds(10),
                        () -> read(repository.resolve("app.yaml")).contains(pinned));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs, e);
            }
            assertThat(Duration.between(signedAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(engine.store().tagState(APP).current()).contains(late);
        }
    }

    @Test
    void aTagThatDidNotMoveCostsOneHeadRequestPerPoll() throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).accessLog().start();
        List<StreamTag> tags = new ArrayList<>();
        for (String name : List.of("prod", "stage", "dev")) {
            fixture.push(registry, "team/app:" + name, "serve-cost-" + name, Optional.of(fixture.trustedKey),
                    List.of());
            tags.add(new StreamTag(StreamTagName.parse("app:" + name), TagSource.parse("docker://"
                    + registry.hostPort() + "/team/app:" + name, dir), StreamTag.MIN_IMPORT_INTERVAL, false));
        }
        StreamConfig config = new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("state.db"),
                List.of(new ImageStream("app", tags)), ServeSettings.DEFAULT,
                Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
        try (registry; ServeEngine engine = open(config, new StringWriter())) {
            assertThat(engine.importAll()).allMatch(ImportResult::accepted);
            int before = registry.settledRequests().size();
            int rounds = 4;
            for (int round = 0; round < rounds; round++) {
                assertThat(engine.importAll()).allMatch(result -> result instanceof ImportResult.Known);
            }
            List<RegistryServer.Request> requests = registry.settledRequests();
            assertThat(requests.subList(before, requests.size())).hasSize(rounds * tags.size())
                    .allMatch(r -> r.method().equals("HEAD") && r.status() == 200)
                    .extracting(RegistryServer.Request::path)
                    .containsOnly("/v2/team/app/manifests/prod", "/v2/team/app/manifests/stage",
                            "/v2/team/app/manifests/dev");
        }
    }


    @Test
    void withoutNotificationsTheScheduleReachesTheSameResult() throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).start();
        Digest signed = Digest.parse(fixture.push(registry, "team/app:prod", "serve-polled",
                Optional.of(fixture.trustedKey), List.of()));
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = open(config(registry, repository, StreamTag.MIN_IMPORT_INTERVAL,
                Optional.empty()), logs)) {
            engine.follow(new PollScheduler(2, host -> dev.vouch.schedule.RegistryLimits.DEFAULT,
                    java.util.random.RandomGenerator.getDefault()));
            String pinned = registry.hostPort() + "/team/app@" + signed;
            await("the scheduled import and rollout", Duration.ofSeconds(90),
                    () -> entry(engine, signed).map(e -> !e.rollouts().isEmpty()).orElse(false));
            assertThat(read(repository.resolve("app.yaml"))).contains(pinned);
            assertThat(git.subjects(repository, "HEAD")).hasSize(2);

            // A newer signed digest, then a pin back to the first one made by another process (vouch rollout undo
            // writes the store only): the next import rolls the pinned digest out again.
            Digest newer = Digest.parse(fixture.push(registry, "team/app:prod", "serve-polled-2",
                    Optional.of(fixture.trustedKey), List.of()));
            StreamTag tag = config(registry, repository, StreamTag.MIN_IMPORT_INTERVAL, Optional.empty()).tags().get(0);
            engine.importOne(tag);
            assertThat(engine.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(read(repository.resolve("app.yaml"))).contains(registry.hostPort() + "/team/app@" + newer);
            engine.store().pin(APP, Optional.of(signed), Instant.now());
            engine.importOne(tag);
            assertThat(engine.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(read(repository.resolve("app.yaml"))).contains(pinned);
            assertThat(git.subjects(repository, "HEAD")).hasSize(4);
        }
        // A restart submits the current digest again: nothing changes, nothing is committed twice.
        try (ServeEngine again = open(config(registry, repository, StreamTag.MIN_IMPORT_INTERVAL, Optional.empty()),
                logs)) {
            again.resubmitCurrent();
            assertThat(again.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(git.subjects(repository, "HEAD")).hasSize(4);
        }
    }
}
