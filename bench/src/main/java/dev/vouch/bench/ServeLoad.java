package dev.vouch.bench;

import static dev.vouch.gittarget.GitFixture.triggeredDeployment;

import com.sun.management.OperatingSystemMXBean;
import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.ImportResult;
import dev.vouch.gittarget.GitFixture;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.log.JsonLog;
import dev.vouch.reference.Digest;
import dev.vouch.rollout.RolloutOutcome;
import dev.vouch.serve.ServeEngine;
import dev.vouch.signature.openpgp.SecretKeyFiles;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.simple.SimpleSigner;
import dev.vouch.store.RolloutResult;
import dev.vouch.stream.ImageStream;
import dev.vouch.stream.ServeSettings;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamConfigParser;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load harness for {@code vouch serve}'s engine ({@link ServeEngine}, in this process, as {@code vouch serve} runs
 * it) against the real {@code docker-registry} on 127.0.0.1. Three measurements:
 * <ul>
 *   <li>{@code latency N}: push to commit. The registry sends its notifications to the engine; skopeo pushes N
 *       distinct images signed with {@code --sign-by} (signatures in a {@code file://} lookaside store); the time from
 *       skopeo's exit (and from its start) until the rollout of that digest is recorded as committed in the local Git
 *       repository of manifests;</li>
 *   <li>{@code polls TAGS SECONDS}: the requests of polls of tags that did not move, from the registry's access log:
 *       rounds of imports of every tag, then the engine's own schedule at the minimum interval for SECONDS;</li>
 *   <li>{@code scale TAGS REPOSITORIES SECONDS}: TAGS tags (spread over REPOSITORIES repositories) in a generated
 *       {@code vouch.yaml}, imported once, then followed at 15-minute intervals; the heap after a full GC and the CPU
 *       time of the process and of its threads by name over SECONDS.</li>
 * </ul>
 * Everything started binds 127.0.0.1 on a free port and is removed at the end.
 */
public final class ServeLoad {
    private static final Pattern UNCHANGED = Pattern.compile("vouch_imports_total\\{outcome=\"unchanged\"} (\\d+)");
    private static final Pattern REJECTED = Pattern.compile("vouch_imports_total\\{outcome=\"rejected\"} (\\d+)");
    private static final String TOKEN = "bench-" + Long.toHexString(System.nanoTime());

    private final Path work;

    private ServeLoad(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ServeLoad latency N | polls TAGS SECONDS | scale TAGS REPOSITORIES SECONDS");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("vouch-serve-bench");
        try {
            ServeLoad load = new ServeLoad(work);
            switch (args[0]) {
                case "latency" -> load.latency(Integer.parseInt(args[1]), 5);
                case "polls" -> load.polls(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                case "scale" -> load.scale(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** Push to commit, with notifications, {@code count} measured pushes after {@code warmUp} unmeasured ones. */
    private void latency(int count, int warmUp) throws Exception {
        int port = RegistryServer.freePort();
        try (RegistryFixture fixture = RegistryFixture.start(work.resolve("fixture"));
             RegistryServer registry = RegistryServer.builder(work.resolve("registry"))
                     .notifications("http://127.0.0.1:" + port + "/notifications", TOKEN).start()) {
            GitFixture git = new GitFixture(work.resolve("git"));
            Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:prod")));
            StreamTag tag = new StreamTag(StreamTagName.parse("app:prod"), TagSource.parse("docker://"
                    + registry.hostPort() + "/team/app:prod", work), Duration.ofHours(1), false);
            Path tokenFile = Files.writeString(work.resolve("token"), TOKEN);
            StreamConfig config = new StreamConfig(work.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false), work.resolve("state.db"),
                    List.of(new ImageStream("app", List.of(tag))),
                    new ServeSettings("127.0.0.1", port, Optional.of(tokenFile)),
                    Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
            SourceContext context = SourceContext.defaults().withHomeDirectory(fixture.home, false)
                    .withRegistriesDirectory(fixture.fileRegistriesDirectory).withTlsVerify(false);
            StringWriter logs = new StringWriter();
            try (ServeEngine engine = ServeEngine.open(config, GatePolicy.load(config.policyFile()), context,
                    new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC())) {
                engine.startHttp(Optional.empty());
                engine.follow(ServeEngine.newScheduler());
                List<Double> afterPush = new ArrayList<>();
                List<Double> fromStart = new ArrayList<>();
                long rejectedFirst = 0;
                List<String> slow = new ArrayList<>();
                for (int i = 0; i < warmUp + count; i++) {
                    long rejectedBefore = counter(engine, REJECTED);
                    long start = System.nanoTime();
                    Digest digest = Digest.parse(fixture.push(registry, "team/app:prod", "bench-latency-" + i,
                            Optional.of(fixture.trustedKey), List.of()));
                    long pushed = System.nanoTime();
                    long committed;
                    try {
                        committed = awaitCommit(engine, digest, Duration.ofSeconds(60));
                    } catch (IllegalStateException e) {
                        System.err.println("vouch's log:\n" + logs + "\nmetrics:\n" + engine.metrics().render()
                                + "\nregistry's log:\n" + registry.log());
                        throw e;
                    }
                    if (logs.getBuffer().length() > 1 << 20) {
                        logs.getBuffer().setLength(0);
                    }
                    long rejectedReads = counter(engine, REJECTED) - rejectedBefore;
                    if (i >= warmUp) {
                        afterPush.add((committed - pushed) / 1e6);
                        fromStart.add((committed - start) / 1e6);
                        if (rejectedReads > 0) {
                            rejectedFirst++;
                        }
                        if (committed - pushed > 1_000_000_000L) {
                            slow.add(String.format("push %d: %.0f ms after skopeo's exit (skopeo took %.0f ms; %d"
                                    + " reads before its signature was there)", i, (committed - pushed) / 1e6,
                                    (pushed - start) / 1e6, rejectedReads));
                        }
                    }
                    Thread.sleep(100);
                }
                System.out.printf("push to commit, %d signed pushes by skopeo (after %d unmeasured), notifications on,"
                        + " local Git repository%n", count, warmUp);
                System.out.println("  from skopeo's exit to the commit: " + percentiles(afterPush));
                System.out.println("  from skopeo's start to the commit: " + percentiles(fromStart));
                System.out.printf("  pushes whose first read found no signature yet (rejected, then rechecked): %d of"
                        + " %d%n", rejectedFirst, count);
                slow.forEach(line -> System.out.println("  over 1 s: " + line));
            }
        }
    }

    /** The time the rollout of {@code digest} was recorded as committed (polled every millisecond). */
    private static long awaitCommit(ServeEngine engine, Digest digest, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (RolloutOutcome outcome : engine.rollouts().outcomes()) {
                if (outcome.digest().equals(digest) && outcome.result() == RolloutResult.SUCCEEDED) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(digest + " was not committed within " + timeout);
    }

    /** Requests of polls of unchanged tags: rounds of imports, then the schedule at the minimum interval. */
    private void polls(int tagCount, int seconds) throws Exception {
        try (RegistryFixture fixture = RegistryFixture.start(work.resolve("fixture"));
             RegistryServer registry = RegistryServer.builder(work.resolve("registry")).accessLog().start()) {
            GitFixture git = new GitFixture(work.resolve("git"));
            Path repository = git.localRepository("manifests", Map.of("app.yaml", triggeredDeployment("app:t0")));
            List<StreamTag> tags = new ArrayList<>();
            for (int i = 0; i < tagCount; i++) {
                fixture.push(registry, "team/app:t" + i, "bench-polls-" + i, Optional.of(fixture.trustedKey),
                        List.of());
                tags.add(new StreamTag(StreamTagName.parse("app:t" + i), TagSource.parse("docker://"
                        + registry.hostPort() + "/team/app:t" + i, work), StreamTag.MIN_IMPORT_INTERVAL, false));
            }
            StreamConfig config = new StreamConfig(work.resolve("vouch.yaml"), Optional.of(fixture.signedByPolicy),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false), work.resolve("state.db"),
                    List.of(new ImageStream("app", tags)), ServeSettings.DEFAULT,
                    Optional.of(GitTargetSettings.builder(repository).author("vouch", "vouch@localhost").build()));
            SourceContext context = SourceContext.defaults().withHomeDirectory(fixture.home, false)
                    .withRegistriesDirectory(fixture.fileRegistriesDirectory).withTlsVerify(false);
            try (ServeEngine engine = ServeEngine.open(config, GatePolicy.load(config.policyFile()), context,
                    new JsonLog(Writer.nullWriter(), Clock.systemUTC(), JsonLog.Level.INFO), Clock.systemUTC())) {
                int before = registry.settledRequests().size();
                long accepted = engine.importAll().stream().filter(ImportResult::accepted).count();
                List<RegistryServer.Request> all = registry.settledRequests();
                System.out.printf("first import of %d signed tags (%d accepted): %s%n", tagCount, accepted,
                        byKind(all.subList(before, all.size())));
                int rounds = 5;
                before = all.size();
                for (int round = 0; round < rounds; round++) {
                    engine.importAll();
                }
                all = registry.settledRequests();
                System.out.printf("%d rounds of imports of the %d unchanged tags: %d requests %s%n", rounds, tagCount,
                        all.size() - before, byKind(all.subList(before, all.size())));

                before = all.size();
                long unchangedBefore = counter(engine, UNCHANGED);
                engine.follow(ServeEngine.newScheduler());
                Thread.sleep(seconds * 1000L);
                long polls = counter(engine, UNCHANGED) - unchangedBefore;
                all = registry.settledRequests();
                System.out.printf("the schedule, every %d s (jittered) for %d s: %d polls of unchanged tags"
                        + " (%.2f per tag per interval), %d requests %s%n", StreamTag.MIN_IMPORT_INTERVAL.toSeconds(),
                        seconds, polls, polls / (double) tagCount
                                / (seconds / (double) StreamTag.MIN_IMPORT_INTERVAL.toSeconds()),
                        all.size() - before, byKind(all.subList(before, all.size())));
            }
        }
    }


    private static Map<String, Integer> byKind(List<RegistryServer.Request> requests) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (RegistryServer.Request request : requests) {
            String path = request.path().equals("/v2/") ? "/v2/ (ping)" : request.path().contains("/manifests/")
                    ? "manifest" : request.path().contains("/blobs/") ? "blob" : request.path();
            kinds.merge(request.method() + " " + path + " -> " + request.status(), 1, Integer::sum);
        }
        return kinds;
    }

    /**
     * {@code tagCount} tags over {@code repositories} repositories of one registry, in a generated {@code vouch.yaml}
     * at 15-minute intervals; every repository holds one image signed (RSA-3072, in-process) for the repository, and
     * every tag of it names that image.
     */
    private void scale(int tagCount, int repositories, int seconds) throws Exception {
        BenchmarkKeys keys = BenchmarkKeys.rsa3072();
        SigningKey signingKey = SecretKeyFiles.load(Files.write(work.resolve("secret.gpg"), keys.secretKeyring),
                Optional.empty(), keys.fingerprint);
        Path publicKey = Files.write(work.resolve("public.gpg"), keys.publicKeyring);
        Path lookaside = Files.createDirectories(work.resolve("lookaside"));
        try (RegistryServer registry = RegistryServer.builder(work.resolve("registry")).start()) {
            BenchRegistryPusher pusher = new BenchRegistryPusher(registry.hostPort(), Optional.empty());
            long pushStart = System.nanoTime();
            byte[] layer = "vouch bench layer\n".getBytes(StandardCharsets.UTF_8);
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + Digest.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + Digest.sha256(layer)
                    + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
            Digest digest = Digest.sha256(manifest);
            StringBuilder yaml = new StringBuilder("policy: policy.json\nregistriesD: registries.d\ntlsVerify: false\n"
                    + "state: state.db\ntarget:\n  directory: manifests\nstreams:\n");
            for (int r = 0; r < repositories; r++) {
                String repository = "bench/r" + r;
                pusher.blob(repository, Digest.sha256(layer).toString(), layer);
                pusher.blob(repository, Digest.sha256(config).toString(), config);
                Path signatures = Files.createDirectories(lookaside.resolve(repository + "@sha256="
                        + digest.encoded()));
                Files.write(signatures.resolve("signature-1"), SimpleSigner.sign(signingKey, digest.toString(),
                        registry.hostPort() + "/" + repository, Optional.of("vouch bench"), Instant.now())
                        .untrustedOpenPgpMessage());
                yaml.append("  - name: r").append(r).append("\n    tags:\n");
                for (int t = r; t < tagCount; t += repositories) {
                    pusher.manifest(repository, "t" + t, manifest);
                    yaml.append("      - name: t").append(t).append("\n        from: docker://")
                            .append(registry.hostPort()).append('/').append(repository).append(":t").append(t)
                            .append("\n        importInterval: 15m\n");
                }
            }
            System.out.printf("pushed %d tags in %d repositories in %.1f s%n", tagCount, repositories,
                    (System.nanoTime() - pushStart) / 1e9);
            Path directory = Files.createDirectories(work.resolve("serve"));
            Files.writeString(directory.resolve("policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
                    + "\"transports\":{\"docker\":{\"" + registry.hostPort() + "\":[{\"type\":\"signedBy\","
                    + "\"keyType\":\"GPGKeys\",\"keyPath\":\"" + publicKey + "\",\"signedIdentity\":{\"type\":"
                    + "\"matchRepository\"}}]}}}");
            Files.createDirectories(directory.resolve("registries.d"));
            Files.writeString(directory.resolve("registries.d/bench.yaml"), "default-docker:\n  lookaside: "
                    + lookaside.toUri().toString().replaceFirst("^file:/+", "file:///") + "\n");
            Path manifests = new GitFixture(work.resolve("git")).localRepository("manifests",
                    Map.of("app.yaml", triggeredDeployment("r0:t0")));
            Files.move(manifests, directory.resolve("manifests"));
            Path file = Files.writeString(directory.resolve("vouch.yaml"), yaml);
            System.out.printf("vouch.yaml: %d bytes%n", Files.size(file));

            StreamConfig streams = StreamConfigParser.parse(file, work);
            try (ServeEngine engine = ServeEngine.open(streams, GatePolicy.load(streams.policyFile()),
                    streams.sourceContext(), new JsonLog(Writer.nullWriter(), Clock.systemUTC(), JsonLog.Level.INFO),
                    Clock.systemUTC())) {
                // vouch serve imports every tag once at start, one after the other; here 4 at a time, to save time.
                long importStart = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<ImportResult>> futures = new ArrayList<>();
                for (StreamTag tag : streams.tags()) {
                    futures.add(pool.submit(() -> engine.importOne(tag)));
                }
                long accepted = 0;
                for (Future<ImportResult> future : futures) {
                    accepted += future.get().accepted() ? 1 : 0;
                }
                pool.shutdown();
                System.out.printf("first import of every tag, 4 at a time: %d accepted of %d in %.1f s%n", accepted,
                        futures.size(), (System.nanoTime() - importStart) / 1e9);
                engine.rollouts().awaitIdle(Duration.ofMinutes(1));
                engine.follow(ServeEngine.newScheduler());
                Thread.sleep(30_000); // the poll path compiled, the first polls spread
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                Map<Long, Long> threadsBefore = cpuByThread(threads);
                long processBefore = os.getProcessCpuTime();
                long pollsBefore = counter(engine, UNCHANGED);
                long wallStart = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long wall = System.nanoTime() - wallStart;
                long polls = counter(engine, UNCHANGED) - pollsBefore;
                long process = os.getProcessCpuTime() - processBefore;
                Map<String, Long> byGroup = cpuByThreadGroup(threads, threadsBefore);
                System.out.printf("followed at 15-minute intervals for %.0f s: %d polls of unchanged tags (%.2f/s;"
                        + " %d tags every 900 s is %.2f/s)%n", wall / 1e9, polls, polls * 1e9 / wall, tagCount,
                        tagCount / 900.0);
                System.out.printf("  process CPU: %.2f s = %.2f%% of one core (%.2f ms per poll)%n", process / 1e9,
                        100.0 * process / wall, polls == 0 ? 0 : process / 1e6 / polls);
                System.out.println("  threads alive over the whole window (JIT compiler and GC threads are not Java"
                        + " threads: only in the process figure):");
                for (Map.Entry<String, Long> group : byGroup.entrySet()) {
                    long used = group.getValue();
                    System.out.printf("  threads %-22s %7.2f s = %.2f%% of one core%n", group.getKey() + ":",
                            used / 1e9, 100.0 * used / wall);
                }
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                System.gc();
                System.gc();
                System.out.printf("heap after a full GC: %.1f MiB used (max %.0f MiB); %d live threads%n",
                        memory.getHeapMemoryUsage().getUsed() / 1048576.0,
                        memory.getHeapMemoryUsage().getMax() / 1048576.0, threads.getThreadCount());
            }
        }
    }

    /** CPU time of each live thread, by id. */
    private static Map<Long, Long> cpuByThread(ThreadMXBean threads) {
        Map<Long, Long> cpu = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /**
     * CPU time since {@code before} of the threads alive then and now, grouped by name without its numbers (threads
     * started or ended meanwhile are left out).
     */
    private static Map<String, Long> cpuByThreadGroup(ThreadMXBean threads, Map<Long, Long> before) {
        Map<String, Long> groups = new TreeMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            Long start = before.get(ids[i]);
            if (infos[i] != null && cpu >= 0 && start != null && start >= 0 && cpu - start > 0) {
                groups.merge(infos[i].getThreadName().replaceAll("[0-9]+", "N").replaceAll(" /.*", ""),
                        cpu - start, Long::sum);
            }
        }
        return groups;
    }

    private static long counter(ServeEngine engine, Pattern pattern) {
        Matcher matcher = pattern.matcher(engine.metrics().render());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static String percentiles(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (min %.0f ms, n = %d)",
                rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99), sorted[sorted.length - 1], sorted[0],
                sorted.length);
    }

    /** The nearest-rank percentile. */
    private static double rank(double[] sorted, double fraction) {
        return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
