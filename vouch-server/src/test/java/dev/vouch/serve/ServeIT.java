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
import dev.vouch.testing.registry.RegistryFixtureExtension;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch serve}'s engine end to end: the real docker-registry (sending its notifications to the engine's
 * endpoint, or not at all), images pushed and signed by skopeo, and a real Git repository of manifests.
 */
class ServeIT {
    static final String TOKEN = "notify-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final StreamTagName APP = StreamTagName.parse("app:prod");

    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);

    @TempDir
    Path dir;

    StreamConfig config(RegistryServer registry, Path repository, Duration interval, Optional<Path> tokenFile) {
        StreamTag tag = new StreamTag(APP, TagSource.parse("docker://" + registry.hostPort() + "/team/app:prod", dir),
                interval, false);
        return new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("state.db"),
                List.of(new ImageStream("app", List.of(tag))), new ServeSettings("127.0.0.1", 0, tokenFile),
                Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
    }

    static ServeEngine open(StreamConfig config, StringWriter logs) throws Exception {
        return open(fixture, config, logs);
    }

    /** An engine reading images with {@code fixture}'s registries.d and home directory, logging to {@code logs}. */
    static ServeEngine open(RegistryFixture fixture, StreamConfig config, StringWriter logs) throws Exception {
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
        try (Notified served = startNotified(Map.of("apps/app.yaml", triggeredDeployment("app:prod"),
                "apps/other.yaml", triggeredDeployment("other:prod")))) {
            GitFixture git = served.git();
            Path repository = served.repository();
            Path manifest = repository.resolve("apps/app.yaml");
            StringWriter logs = served.logs();
            RegistryServer registry = served.registry();
            ServeEngine engine = served.engine();
            Digest signed = push(registry, "serve-signed", true);
            String pinned = pinned(registry, signed);
            awaitManifest(served, manifest, pinned);
            // The file is written before it is committed.
            assertThat(engine.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(read(manifest)).isEqualTo(triggeredDeployment("app:prod").replace("example.com/app:old",
                    pinned));
            assertThat(read(repository.resolve("apps/other.yaml"))).isEqualTo(triggeredDeployment("other:prod"));
            // The file is written before the commit is made: the recorded rollout says the commit exists.
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

            Digest unsigned = push(registry, "serve-unsigned", false);
            await("the unsigned digest recorded", Duration.ofSeconds(60), () -> entry(engine, unsigned).isPresent());
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

    /**
     * A registry sending its notifications to an engine that serves them and follows the tag (hourly), rolling out to
     * a local repository; the engine logs to {@code logs}.
     */
    record Notified(GitFixture git, Path repository, RegistryServer registry, ServeEngine engine, StringWriter logs)
            implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
            registry.close();
        }
    }

    /** Starts a {@link Notified} whose repository holds {@code files} (path to content). */
    Notified startNotified(Map<String, String> files) throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", files);
        StringWriter logs = new StringWriter();
        int port = RegistryServer.freePort();
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .notifications("http://127.0.0.1:" + port + "/notifications", TOKEN).start();
        try {
            Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
            ServeEngine engine = open(config(registry, repository, Duration.ofHours(1), Optional.of(tokenFile)), logs);
            try {
                engine.startHttp(Optional.of(new InetSocketAddress("127.0.0.1", port)));
                engine.follow(new PollScheduler(2, host -> dev.vouch.schedule.RegistryLimits.DEFAULT,
                        java.util.random.RandomGenerator.getDefault()));
            } catch (Exception | Error e) {
                engine.close();
                throw e;
            }
            return new Notified(git, repository, registry, engine, logs);
        } catch (Exception | Error e) {
            registry.close();
            throw e;
        }
    }

    static Digest push(RegistryServer registry, String variant, boolean signed) throws Exception {
        return Digest.parse(fixture.push(registry, "team/app:prod", variant,
                signed ? Optional.of(fixture.trustedKey) : Optional.empty(), List.of()));
    }

    static String pinned(RegistryServer registry, Digest digest) {
        return registry.hostPort() + "/team/app@" + digest;
    }

    /** The digests the commits of the repository wrote into manifests, oldest first. */
    static List<Digest> writtenDigests(Notified served) {
        List<Digest> digests = new java.util.ArrayList<>();
        for (String line : served.git().git(served.repository(), "log", "--reverse", "-p", "--format=", "HEAD")
                .split("\n")) {
            java.util.regex.Matcher matcher = DIGEST.matcher(line);
            if (line.startsWith("+") && !line.startsWith("+++") && matcher.find()) {
                digests.add(Digest.parse(matcher.group()));
            }
        }
        return digests;
    }

    static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("sha256:[0-9a-f]{64}");

    /** Waits until every notification sent so far has been acted on and the target is idle. */
    static void settle(ServeEngine engine) throws InterruptedException {
        Duration rechecks = ServeEngine.NOTIFICATION_RECHECKS.stream().reduce(Duration.ZERO, Duration::plus);
        Thread.sleep(rechecks.plusSeconds(2).toMillis());
        assertThat(engine.rollouts().awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    /** Waits for {@code text} in {@code manifest}; the failure shows vouch's and the registry's logs. */
    static void awaitManifest(Notified served, Path manifest, String text) throws InterruptedException {
        try {
            await(text + " in " + manifest.getFileName(), Duration.ofSeconds(60), () -> read(manifest).contains(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nvouch: " + served.logs() + "\nregistry: "
                    + served.registry().log(), e);
        }
    }

    @Test
    void aTagMovedTwiceQuicklyEndsAtTheNewestVerifiedDigest() throws Exception {
        try (Notified served = startNotified(Map.of("app.yaml", triggeredDeployment("app:prod")))) {
            Path manifest = served.repository().resolve("app.yaml");
            Digest first = push(served.registry(), "twice-1", true);
            Digest second = push(served.registry(), "twice-2", true);
            awaitManifest(served, manifest, pinned(served.registry(), second));
            // The first push's notification is acted on too: it must not move the tag back.
            settle(served.engine());
            assertThat(read(manifest)).isEqualTo(triggeredDeployment("app:prod").replace("example.com/app:old",
                    pinned(served.registry(), second)));
            assertThat(served.engine().store().tagState(APP).current()).contains(second);
            assertThat(writtenDigests(served)).as("digests committed").endsWith(second)
                    .doesNotHaveDuplicates().isSubsetOf(first, second);
            assertThat(entry(served.engine(), second).orElseThrow().accepted()).isTrue();
            // The first digest may have been read before its signature was written and the tag moved on before a
            // re-check: then it stays rejected, and was never rolled out.
            entry(served.engine(), first).filter(e -> !e.accepted())
                    .ifPresent(e -> assertThat(e.rollouts()).isEmpty());
        }
    }

    @Test
    void aSignedPushFollowedQuicklyByAnUnsignedOneEndsAtTheSignedOneWithTheUnsignedOneRejected() throws Exception {
        try (Notified served = startNotified(Map.of("app.yaml", triggeredDeployment("app:prod")))) {
            Path manifest = served.repository().resolve("app.yaml");
            ServeEngine engine = served.engine();
            Digest signed = push(served.registry(), "quick-signed", true);
            await("vouch accepted the signed digest", Duration.ofSeconds(60),
                    () -> entry(engine, signed).map(HistoryEntry::accepted).orElse(false));
            // Pushed while the signed digest is being rolled out.
            Digest unsigned = push(served.registry(), "quick-unsigned", false);
            await("the unsigned digest recorded", Duration.ofSeconds(60), () -> entry(engine, unsigned).isPresent());
            settle(engine);
            assertThat(entry(engine, signed).orElseThrow().accepted()).isTrue();
            assertThat(entry(engine, unsigned).orElseThrow().accepted()).isFalse();
            assertThat(entry(engine, unsigned).orElseThrow().rollouts()).isEmpty();
            assertThat(engine.store().tagState(APP).current()).contains(signed);
            assertThat(engine.store().tagState(APP).observed()).contains(unsigned);
            assertThat(read(manifest)).contains(pinned(served.registry(), signed));
            assertThat(writtenDigests(served)).as("digests committed").containsExactly(signed);

            // Both at once: vouch may never see the signed digest; it ends at the newest digest it accepted (this
            // one or the one before), never at the unsigned one.
            Digest signed2 = push(served.registry(), "quick-signed-2", true);
            Digest unsigned2 = push(served.registry(), "quick-unsigned-2", false);
            await("the second unsigned digest recorded", Duration.ofSeconds(60),
                    () -> entry(engine, unsigned2).isPresent());
            settle(engine);
            assertThat(entry(engine, unsigned2).orElseThrow().accepted()).isFalse();
            List<HistoryEntry> accepted = engine.store().history(APP).stream().filter(HistoryEntry::accepted).toList();
            Digest newest = accepted.get(0).digest();
            assertThat(newest).isIn(signed, signed2);
            assertThat(engine.store().tagState(APP).current()).contains(newest);
            assertThat(read(manifest)).contains(pinned(served.registry(), newest));
            assertThat(writtenDigests(served)).as("digests committed").doesNotHaveDuplicates()
                    .isSubsetOf(signed, signed2).endsWith(newest);
        }
    }

    /**
     * The race a tag moved twice quickly can run into: vouch reads the tag between a push of its manifest and the
     * signature written after it, and rejects the digest. Here the same image is pushed unsigned and then again with
     * its signature: the second push's notification has the digest verified again at once, not after the recheck
     * pause, let alone at the next scheduled import an hour later.
     */
    @Test
    void aNotificationHasARejectedDigestVerifiedAgain() throws Exception {
        try (Notified served = startNotified(Map.of("app.yaml", triggeredDeployment("app:prod")))) {
            Path manifest = served.repository().resolve("app.yaml");
            ServeEngine engine = served.engine();
            Digest digest = push(served.registry(), "signed-late", false);
            await("the unsigned digest recorded", Duration.ofSeconds(60), () -> entry(engine, digest).isPresent());
            assertThat(entry(engine, digest).orElseThrow().accepted()).isFalse();
            assertThat(push(served.registry(), "signed-late", true)).isEqualTo(digest);
            awaitManifest(served, manifest, pinned(served.registry(), digest));
            assertThat(entry(engine, digest).orElseThrow().accepted()).isTrue();
            assertThat(engine.store().tagState(APP).current()).contains(digest);
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

    @Test
    void aRejectedDigestIsVerifiedAgainAfterTheGatesPauseWithoutANotification() throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).start();
        Digest late = push(registry, "serve-late-lookaside", false);
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = open(config(registry, repository, Duration.ofHours(1), Optional.empty()),
                logs)) {
            engine.follow(new PollScheduler(2, host -> dev.vouch.schedule.RegistryLimits.DEFAULT,
                    java.util.random.RandomGenerator.getDefault()));
            StreamTag tag = config(registry, repository, Duration.ofHours(1), Optional.empty()).tags().get(0);
            assertThat(engine.importOne(tag).accepted()).isFalse();
            // The signature arrives later, in the lookaside store: no notification says so.
            fixture.appendSignature("team/app", late.toString(), fixture.standaloneSignature("serve-late-lookaside",
                    registry.hostPort() + "/team/app:prod", fixture.trustedKey));
            await("the re-check after the gate's pause", Duration.ofSeconds(90),
                    () -> entry(engine, late).map(HistoryEntry::accepted).orElse(false));
            await("the rollout of the accepted digest", Duration.ofSeconds(30),
                    () -> read(repository.resolve("app.yaml")).contains(pinned(registry, late)));
        }
    }
}
