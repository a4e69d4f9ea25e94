package dev.vouch.serve;

import dev.vouch.gate.GatePolicy;
import dev.vouch.log.JsonLog;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamConfigParser;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The child process of {@link ServeCrashIT}: {@code vouch serve} as its command assembles the engine (read
 * {@code vouch.yaml}, open, submit the current digests again, import every tag, wait for the target, serve HTTP and
 * notifications, follow the schedule), with its JSON log on standard output at debug level, until it is killed.
 *
 * <p>Arguments: the {@code vouch.yaml} file, the home directory its relative paths resolve against.
 */
public final class ServeCrashMain {
    private ServeCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        StreamConfig config = StreamConfigParser.parse(Path.of(args[0]), Path.of(args[1]));
        JsonLog log = new JsonLog(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)),
                Clock.systemUTC(), JsonLog.Level.DEBUG);
        ServeEngine engine = ServeEngine.open(config, GatePolicy.load(config.policyFile()), config.sourceContext(), log,
                Clock.systemUTC());
        engine.resubmitCurrent();
        engine.importAll();
        engine.rollouts().awaitIdle(Duration.ofMinutes(5));
        engine.startHttp(Optional.empty());
        engine.follow(ServeEngine.newScheduler());
        log.info("crash.serving", Map.of());
        Thread.sleep(Long.MAX_VALUE);
    }
}
