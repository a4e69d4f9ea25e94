package dev.vouch.serve;

import static dev.vouch.gittarget.GitFixture.triggeredDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gate.GatePolicy;
import dev.vouch.gittarget.GitFixture;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.reference.Digest;
import dev.vouch.schedule.PollScheduler;
import dev.vouch.schedule.RegistryLimits;
import dev.vouch.store.ImportFailure;
import dev.vouch.store.StoreException;
import dev.vouch.stream.ImageStream;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.transport.SourceContext;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry outage under {@code vouch serve} (polling, the real docker-registry, images pushed and signed by skopeo,
 * a real Git repository): nothing changes while the registry is down, the failed polls are recorded and counted and
 * back off, and when the registry returns on the same address, serve picks up a new signed image by itself.
 */
class ServeOutageIT {
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);

    @TempDir
    Path dir;

    @Test
    void nothingChangesWhileTheRegistryIsDownAndServeRecoversByItselfWhenItReturns() throws Exception {
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
        Path manifest = repository.resolve("app.yaml");
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).start();
        StreamTag tag = new StreamTag(ServeIT.APP, TagSource.parse("docker://" + registry.hostPort()
                + "/team/app:prod", dir), StreamTag.MIN_IMPORT_INTERVAL, false);
        StreamConfig config = new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("state.db"),
                List.of(new ImageStream("app", List.of(tag))), new ServeSettings("127.0.0.1", 0, Optional.empty()),
                Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
        SourceContext context = SourceContext.defaults().withHomeDirectory(fixture.home, false)
                .withRegistriesDirectory(fixture.fileRegistriesDirectory).withTlsVerify(false);
        Digest first = Digest.parse(fixture.push(registry, "team/app:prod", "outage-1",
                Optional.of(fixture.trustedKey), List.of()));
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = ServeEngine.open(config, GatePolicy.load(fixture.signedByPolicy), context,
                new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC())) {
            PollScheduler polls = new PollScheduler(2, host -> RegistryLimits.DEFAULT, () -> 0L);
            engine.follow(polls);
            String firstPinned = registry.hostPort() + "/team/app@" + first;
            ServeIT.await("the first signed digest rolled out", Duration.ofSeconds(60),
                    () -> ServeIT.entry(engine, first).map(e -> !e.rollouts().isEmpty()).orElse(false));
            String rolledOut = ServeIT.read(manifest);
            assertThat(rolledOut).contains(firstPinned);
            int commits = git.subjects(repository, "HEAD").size();

            registry.stop();
            // The first poll of the outage now rather than a whole interval later; the rest follow by themselves.
            assertThat(polls.pollNow(ServeIT.APP.toString())).isTrue();
            try {
                ServeIT.await("three failed polls", Duration.ofSeconds(60), () -> failures(engine).size() >= 3);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs, e);
            }
            List<ImportFailure> newestFirst = failures(engine);
            List<ImportFailure> failures = List.of(newestFirst.get(2), newestFirst.get(1), newestFirst.get(0));
            Duration firstRetry = Duration.between(failures.get(0).time(), failures.get(1).time());
            Duration secondRetry = Duration.between(failures.get(1).time(), failures.get(2).time());
            assertThat(firstRetry).as("the first retry").isGreaterThanOrEqualTo(Duration.ofMillis(4_990));
            assertThat(secondRetry).as("the second retry, after a doubled pause")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(9_990))
                    .isGreaterThan(firstRetry.plusSeconds(3));
            assertThat(failures).allSatisfy(f -> {
                assertThat(f.digest()).isEmpty();
                assertThat(f.error()).contains(registry.hostPort());
            });
            assertThat(engine.metrics().render()).containsPattern(
                    "vouch_import_failures_total\\{reason=\"unreachable\"\\} [3-9]");
            assertThat(logs.toString()).contains("\"reason\":\"unreachable\"");
            assertThat(ServeIT.read(manifest)).isEqualTo(rolledOut);
            assertThat(git.subjects(repository, "HEAD")).hasSize(commits);
            assertThat(engine.store().tagState(ServeIT.APP).current()).contains(first);
            assertThat(engine.store().history(ServeIT.APP)).hasSize(1);

            registry.restart();
            Digest second = Digest.parse(fixture.push(registry, "team/app:prod", "outage-2",
                    Optional.of(fixture.trustedKey), List.of()));
            String secondPinned = registry.hostPort() + "/team/app@" + second;
            try {
                ServeIT.await("the new signed digest rolled out after the outage", Duration.ofSeconds(90),
                        () -> ServeIT.read(manifest).contains(secondPinned));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nvouch: " + logs + "\nregistry: " + registry.log(), e);
            }
            assertThat(ServeIT.read(manifest)).isEqualTo(rolledOut.replace(firstPinned, secondPinned));
            assertThat(engine.store().tagState(ServeIT.APP).current()).contains(second);
            assertThat(git.subjects(repository, "HEAD")).hasSize(commits + 1);
            assertThat(engine.metrics().render()).contains("vouch_imports_total{outcome=\"accepted\"} 2");
        }
    }

    static List<ImportFailure> failures(ServeEngine engine) {
        try {
            return engine.store().failures(ServeIT.APP);
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }
}
