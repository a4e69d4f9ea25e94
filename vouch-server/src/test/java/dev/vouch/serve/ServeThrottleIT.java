package dev.vouch.serve;

import static dev.vouch.gittarget.GitFixture.triggeredDeployment;
import static dev.vouch.testing.registry.ScriptedHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gate.GatePolicy;
import dev.vouch.gittarget.GitFixture;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.schedule.PollScheduler;
import dev.vouch.schedule.RegistryLimits;
import dev.vouch.stream.ImageStream;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.registry.ScriptedHttpServer;
import dev.vouch.transport.SourceContext;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that answers 429 with {@code Retry-After} (a scripted HTTPS server on 127.0.0.1: docker-registry has no
 * rate limit to trigger): serve's scheduler polls the tag again no sooner than the registry asked.
 */
class ServeThrottleIT {
    static final Duration RETRY_AFTER = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void aTooManyRequestsAnswerWithRetryAfterDelaysTheNextPollAtLeastThatLong() throws Exception {
        List<Instant> heads = new CopyOnWriteArrayList<>();
        // The registry client itself sends a request up to five times on 429: the first four answers ask for no wait
        // (so the test is quick), the last for RETRY_AFTER, which is what the poll reports. Then the tag is missing.
        ScriptedHttpServer registry = ScriptedHttpServer.startTls(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
                return;
            }
            heads.add(Instant.now());
            int n = heads.size();
            if (n <= 5) {
                exchange.getResponseHeaders().add("Retry-After", n < 5 ? "0" : Long.toString(RETRY_AFTER.toSeconds()));
                respond(exchange, 429, new byte[0]);
            } else {
                respond(exchange, 404, new byte[0]);
            }
        });
        GitFixture git = new GitFixture(dir.resolve("git"));
        Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
        Path policy = Files.writeString(dir.resolve("policy.json"),
                "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        StreamTag tag = new StreamTag(ServeIT.APP, TagSource.parse("docker://" + registry.hostPort()
                + "/team/app:prod", dir), StreamTag.MIN_IMPORT_INTERVAL, false);
        StreamConfig config = new StreamConfig(dir.resolve("vouch.yaml"), Optional.of(policy), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), dir.resolve("state.db"),
                List.of(new ImageStream("app", List.of(tag))), new ServeSettings("127.0.0.1", 0, Optional.empty()),
                Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
        SourceContext context = SourceContext.defaults().withHomeDirectory(Files.createDirectories(dir.resolve("home")),
                false).withRegistriesDirectory(Files.createDirectories(dir.resolve("registries.d")))
                .withTlsVerify(false);
        StringWriter logs = new StringWriter();
        try (registry; ServeEngine engine = ServeEngine.open(config, GatePolicy.load(policy), context,
                new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC())) {
            // no jitter: the first poll starts at once
            engine.follow(new PollScheduler(2, host -> RegistryLimits.DEFAULT, () -> 0L));

            ServeIT.await("a poll after the throttled one", Duration.ofSeconds(60), () -> heads.size() >= 6);

            assertThat(Duration.between(heads.get(4), heads.get(5))).isGreaterThanOrEqualTo(RETRY_AFTER);
            ServeIT.await("the second failure counted", Duration.ofSeconds(10), () -> engine.metrics().render()
                    .contains("vouch_import_failures_total{reason=\"not_found\"} 1"));
            assertThat(engine.metrics().render())
                    .contains("vouch_import_failures_total{reason=\"throttled\"} 1")
                    .contains("vouch_imports_total{outcome=\"failed\"} 2");
            assertThat(logs.toString()).contains("\"reason\":\"throttled\"")
                    .contains("\"retryAfterSeconds\":" + RETRY_AFTER.toSeconds()).contains("429");
            assertThat(engine.store().failures(ServeIT.APP)).hasSize(2);
            assertThat(engine.store().tagState(ServeIT.APP).current()).isEmpty();
            assertThat(git.subjects(repository, "HEAD")).hasSize(1);
        }
    }
}
