package dev.vouch.bench;

import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.testing.registry.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Load harness for the admission webhooks of {@code vouch serve} (admission only), run as a process of its own by
 * {@code bin/vouch serve} against the real {@code docker-registry} on 127.0.0.1 holding images pushed and signed by
 * skopeo (GnuPG key, signatures in an HTTP lookaside store that counts its requests). Three measurements, in order:
 * <ol>
 *   <li>cold: one admission of a new image; the registry's access log and the lookaside server count what the
 *       verification asked;</li>
 *   <li>warm: AdmissionReviews of a Pod naming an image already verified, sent at a fixed arrival rate (open loop:
 *       each request has an intended send time, and its latency is measured from that time, so a stall of the server
 *       or of the generator delays every request due meanwhile), alternately to {@code /validate} and
 *       {@code /mutate}, over 8 HTTP/1.1 keep-alive connections, each a blocking TLS socket used by one thread
 *       (a request due while all are busy waits for one, and the wait counts); the server's CPU time from {@code /proc}; then, as a control, the same run of
 *       {@code GET /healthz} for 20 s (the JDK's HTTPS server and this machine's scheduling, without vouch's
 *       work);</li>
 *   <li>burst: 200 simultaneous admissions of another new image (200 connections), counted as the cold one (last:
 *       the JDK's HTTP server closes a kept-alive connection after its request while it has 200 idle ones).</li>
 * </ol>
 * The server's JVM gets {@code VOUCH_SERVE_JAVA_OPTIONS} as its {@code JDK_JAVA_OPTIONS} (for example a JFR recording).
 */
public final class AdmissionLoad {
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final int BURST = 200;
    private static final int CONTROL_SECONDS = 20;
    /** Connections of the fixed-rate run, each kept alive and used by one request at a time. */
    private static final int CONNECTIONS = Integer.getInteger("connections", 8);
    private static final long CLOCK_TICKS = 100;

    private final Path work;
    private final Path launcher;

    private AdmissionLoad(Path work, Path launcher) {
        this.work = work;
        this.launcher = launcher;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: AdmissionLoad BIN_VOUCH RATE SECONDS");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("vouch-admission-bench");
        try {
            new AdmissionLoad(work, Path.of(args[0])).run(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.exit(0);
    }

    private void run(int rate, int seconds) throws Exception {
        try (RegistryFixture fixture = RegistryFixture.start(work.resolve("fixture"));
             RegistryServer registry = RegistryServer.builder(work.resolve("counted")).accessLog().start()) {
            for (String name : List.of("team/app:v1", "team/fresh:v1", "team/burst:v1")) {
                fixture.push(registry, name, "bench-admission-" + name, Optional.of(fixture.trustedKey), List.of());
            }
            TestCertificates.Issued authority = TestCertificates.authority("vouch bench CA");
            TestCertificates.server(authority).write(work.resolve("tls.crt"), work.resolve("tls.key"));
            int port = RegistryServer.freePort();
            Path yaml = Files.writeString(work.resolve("vouch.yaml"), """
                    policy: %s
                    registriesD: %s
                    tlsVerify: false
                    admission:
                      listen: 127.0.0.1:%d
                      tls: {certFile: tls.crt, keyFile: tls.key}
                    """.formatted(fixture.signedByPolicy, fixture.httpRegistriesDirectory, port));
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "serve", "--config", yaml.toString())
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("serve.log").toFile());
            builder.environment().put("HOME", fixture.home.toString());
            builder.environment().remove("JDK_JAVA_OPTIONS");
            Optional.ofNullable(System.getenv("VOUCH_SERVE_JAVA_OPTIONS"))
                    .ifPresent(options -> builder.environment().put("JDK_JAVA_OPTIONS", options));
            Process server = builder.start();
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(RegistryTls.trustingOnly(TestCertificates.pem(authority.certificate())
                                .getBytes(StandardCharsets.US_ASCII), "bench CA"))
                        .connectTimeout(Duration.ofSeconds(5)).build();
                URI base = URI.create("https://127.0.0.1:" + port);
                awaitHealthy(client, base, server);
                String host = registry.hostPort();
                cold(client, base, fixture, registry, host + "/team/fresh:v1");
                warm(client, base, server, host + "/team/app:v1", rate, seconds);
                burst(client, base, fixture, registry, host + "/team/burst:v1");
            } catch (Exception | Error e) {
                System.err.println("vouch serve's log:\n" + Files.readString(work.resolve("serve.log")));
                throw e;
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private static void awaitHealthy(HttpClient client, URI base, Process server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("vouch serve exited with " + server.exitValue());
            }
            try {
                if (client.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("vouch serve did not answer /healthz within 60 s");
    }

    /** One admission of a new image: what it costs at the registry and the lookaside store. */
    private static void cold(HttpClient client, URI base, RegistryFixture fixture, RegistryServer registry,
                             String image) throws Exception {
        int before = registry.settledRequests().size();
        long lookaside = fixture.lookasideServer.requests();
        long start = System.nanoTime();
        HttpResponse<String> answer = client.send(review(base, "/validate", image, "cold"),
                HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        requireAllowed(answer);
        List<RegistryServer.Request> all = registry.settledRequests();
        System.out.printf("cold: one admission of a new image (%s), %.1f ms: registry %s; lookaside %d requests%n",
                image, took / 1e6, byKind(all.subList(before, all.size())),
                fixture.lookasideServer.requests() - lookaside);
    }

    /** {@link #BURST} admissions of one new image at the same time, each on its own connection. */
    private static void burst(HttpClient template, URI base, RegistryFixture fixture, RegistryServer registry,
                              String image) throws Exception {
        int before = registry.settledRequests().size();
        long lookaside = fixture.lookasideServer.requests();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(template.sslContext())
                    .build());
        }
        // Connections and TLS handshakes first (a health check on each), so that the admissions start together.
        List<CompletableFuture<HttpResponse<Void>>> opened = new ArrayList<>();
        for (HttpClient client : clients) {
            opened.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long[] latencies = new long[BURST];
        for (int i = 0; i < BURST; i++) {
            int n = i;
            answers.add(clients.get(i).sendAsync(review(base, "/validate", image, "burst-" + i),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> latencies[n] = System.nanoTime()
                    - start));
        }
        int allowed = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            if (isAllowed(answer.get(60, TimeUnit.SECONDS))) {
                allowed++;
            }
        }
        List<RegistryServer.Request> all = registry.settledRequests();
        System.out.printf("burst: %d simultaneous admissions of a new image (%s): %d allowed; registry %s; lookaside"
                        + " %d requests; latency from the common start: %s%n", BURST, image, allowed,
                byKind(all.subList(before, all.size())), fixture.lookasideServer.requests() - lookaside,
                Percentiles.of(latencies).summary());
    }

    /** The fixed-rate run: warm-up (not measured) then {@code seconds} measured. */
    private static void warm(HttpClient client, URI base, Process server, String image, int rate, int seconds)
            throws Exception {
        requireAllowed(client.send(review(base, "/validate", image, "first"), HttpResponse.BodyHandlers.ofString()));
        int port = base.getPort();
        List<BlockingHttpsConnection> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            connections.add(BlockingHttpsConnection.open(client.sslContext(), port));
        }
        List<byte[]> reviews = List.of(reviewBytes(port, "/validate", image, "warm-v"),
                reviewBytes(port, "/mutate", image, "warm-m"));
        OpenLoop warmUp = OpenLoop.run(connections, reviews, AdmissionLoad::isAllowed, rate,
                (int) (WARM_UP.toSeconds() * rate));
        System.out.printf("warm-up: %d requests at %d/s: %s; errors %s; %d connections%n", warmUp.count(), rate,
                warmUp.summary(), warmUp.errorKinds(), connections(base.getPort()));
        String load = loadAverage();
        long cpuBefore = cpuTicks(server.pid());
        long wallStart = System.nanoTime();
        OpenLoop measured = OpenLoop.run(connections, reviews, AdmissionLoad::isAllowed, rate, seconds * rate);
        long wall = System.nanoTime() - wallStart;
        double cpu = (cpuTicks(server.pid()) - cpuBefore) / (double) CLOCK_TICKS;
        System.out.printf("warm: %d AdmissionReviews of a Pod (one container, a tag verified before) at %d/s for %d s,"
                + " open loop, alternately /validate and /mutate, over %d HTTP/1.1 keep-alive connections (%d open"
                + " at the end)%n", measured.count(), rate, seconds, CONNECTIONS, connections(base.getPort()));
        System.out.println("  latency from the intended send time: " + measured.summary());
        System.out.printf("  errors (not HTTP 200, not allowed, or no answer): %d %s; over 5 ms: %d; sending fell"
                + " behind by up to %.1f ms%n", measured.errors(), measured.errorKinds(),
                measured.over(Duration.ofMillis(5)), measured.maxSendLag() / 1e6);
        System.out.printf("  vouch serve's CPU: %.2f s over %.1f s = %.1f%% of one core (%.0f us per request)%n", cpu,
                wall / 1e9, 100 * cpu * 1e9 / wall, cpu * 1e6 / measured.count());
        System.out.println("  the slowest seconds (max latency): " + measured.slowestSeconds(5));
        System.out.println("  load average before the measured run: " + load + "; after: " + loadAverage());
        OpenLoop control = OpenLoop.run(connections, List.of(BlockingHttpsConnection.request(port, "GET", "/healthz",
                null)), answer -> answer.status() == 200, rate, CONTROL_SECONDS * rate);
        System.out.printf("  control, the same server's GET /healthz (the JDK's HTTPS server and this machine,"
                + " without vouch's work) at %d/s for %d s: %s; errors %d; load average after: %s%n", rate,
                CONTROL_SECONDS, control.summary(), control.errors(), loadAverage());
        for (BlockingHttpsConnection connection : connections) {
            connection.close();
        }
    }

    static HttpRequest review(URI base, String path, String image, String uid) {
        return HttpRequest.newBuilder(base.resolve(path + "?timeout=10s")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(reviewJson(image, uid))).build();
    }

    static byte[] reviewBytes(int port, String path, String image, String uid) {
        return BlockingHttpsConnection.request(port, "POST", path + "?timeout=10s", reviewJson(image, uid));
    }

    private static String reviewJson(String image, String uid) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"" + uid + "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},"
                + "\"namespace\":\"team\",\"name\":\"web-" + uid + "\",\"operation\":\"CREATE\",\"userInfo\":{"
                + "\"username\":\"system:serviceaccount:kube-system:replicaset-controller\"},\"object\":{"
                + "\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-" + uid + "\",\"namespace\":"
                + "\"team\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\""
                + image + "\",\"ports\":[{\"containerPort\":8080}]}]}},\"dryRun\":false}}";
    }

    static boolean isAllowed(HttpResponse<String> answer) {
        return answer.statusCode() == 200 && answer.body().contains("\"allowed\":true");
    }

    static boolean isAllowed(BlockingHttpsConnection.Answer answer) {
        return answer.status() == 200 && answer.body().contains("\"allowed\":true");
    }

    private static void requireAllowed(HttpResponse<String> answer) {
        if (!isAllowed(answer)) {
            throw new IllegalStateException("not admitted: HTTP " + answer.statusCode() + " " + answer.body());
        }
    }

    private static Map<String, Integer> byKind(List<RegistryServer.Request> requests) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (RegistryServer.Request request : requests) {
            String path = request.path().equals("/v2/") ? "/v2/ (ping)" : request.path().contains("/manifests/sha256:")
                    ? "manifest by digest" : request.path().contains("/manifests/") ? "manifest by tag"
                    : request.path();
            kinds.merge(request.method() + " " + path + " -> " + request.status(), 1, Integer::sum);
        }
        return kinds;
    }

    /** User plus system CPU time of process {@code pid}, in clock ticks ({@code /proc/PID/stat}). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Established TCP connections to {@code port} on 127.0.0.1 ({@code /proc/net/tcp} and {@code tcp6}: state 01). */
    private static long connections(int port) throws IOException {
        String local = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                count += lines.skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(f -> f[1].endsWith(local) && f[3].equals("01")).count();
            }
        }
        return count;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** An open-loop run: request {@code i} is due at {@code start + i / rate}, whatever happened before it. */
    static final class OpenLoop {
        private final long[] latencies;
        private final long start;
        private final long interval;
        private final AtomicInteger errors = new AtomicInteger();
        private final Map<String, Integer> errorKinds = new java.util.concurrent.ConcurrentSkipListMap<>();
        private long maxSendLag;

        private OpenLoop(int count, long start, long interval) {
            this.latencies = new long[count];
            this.start = start;
            this.interval = interval;
        }

        /**
         * Sends {@code count} requests at {@code rate} per second over the given clients, one connection each: a
         * request due while every connection is busy waits for the first free one (as behind a client's connection
         * pool), and that wait is part of its latency.
         */
        static OpenLoop run(List<BlockingHttpsConnection> connections, List<byte[]> requests,
                            Predicate<BlockingHttpsConnection.Answer> ok, int rate, int count)
                throws InterruptedException {
            long interval = 1_000_000_000L / rate;
            OpenLoop loop = new OpenLoop(count, System.nanoTime() + 50_000_000L, interval);
            BlockingQueue<Integer> due = new LinkedBlockingQueue<>();
            List<Thread> senders = new ArrayList<>();
            for (BlockingHttpsConnection connection : connections) {
                Thread sender = new Thread(() -> loop.send(connection, requests, ok, due), "bench-sender");
                sender.setDaemon(true);
                sender.start();
                senders.add(sender);
            }
            Arrays.fill(loop.latencies, Long.MAX_VALUE);
            for (int i = 0; i < count; i++) {
                long intended = loop.start + i * interval;
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                }
                loop.maxSendLag = Math.max(loop.maxSendLag, now - intended);
                due.add(i);
            }
            for (int i = 0; i < senders.size(); i++) {
                due.add(-1);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Thread sender : senders) {
                sender.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (long latency : loop.latencies) {
                if (latency == Long.MAX_VALUE) {
                    loop.errors.incrementAndGet();
                    loop.errorKinds.merge("no answer within 30 s of the end", 1, Integer::sum);
                }
            }
            return loop;
        }

        /**
         * One connection's sender: takes the next due request, sends it, records its latency from its due time. A
         * connection that fails is an error for that request and for every later one it would have carried.
         */
        private void send(BlockingHttpsConnection connection, List<byte[]> requests,
                          Predicate<BlockingHttpsConnection.Answer> ok, BlockingQueue<Integer> due) {
            try {
                for (int i = due.take(); i >= 0; i = due.take()) {
                    long intended = start + i * interval;
                    try {
                        BlockingHttpsConnection.Answer answer = connection.exchange(requests.get(i % requests.size()));
                        latencies[i] = System.nanoTime() - intended;
                        if (!ok.test(answer)) {
                            errors.incrementAndGet();
                            errorKinds.merge("HTTP " + answer.status(), 1, Integer::sum);
                        }
                    } catch (IOException e) {
                        latencies[i] = System.nanoTime() - intended;
                        errors.incrementAndGet();
                        errorKinds.merge(rootCause(e), 1, Integer::sum);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int count() {
            return latencies.length;
        }

        int errors() {
            return errors.get();
        }

        Map<String, Integer> errorKinds() {
            return errorKinds;
        }

        private static String rootCause(Throwable error) {
            Throwable cause = error;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }

        long maxSendLag() {
            return maxSendLag;
        }

        long over(Duration limit) {
            long nanos = limit.toNanos();
            return Arrays.stream(latencies).filter(l -> l > nanos).count();
        }

        String summary() {
            return Percentiles.of(latencies).summary();
        }

        /** The {@code n} seconds of the run with the highest maximum latency, with that maximum. */
        String slowestSeconds(int n) {
            Map<Long, Long> maxBySecond = new TreeMap<>();
            for (int i = 0; i < latencies.length; i++) {
                maxBySecond.merge(i * interval / 1_000_000_000L, latencies[i], Math::max);
            }
            return maxBySecond.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
                    .limit(n).map(e -> String.format("s%d %.1f ms", e.getKey(), e.getValue() / 1e6)).toList()
                    .toString();
        }
    }

    /** Nearest-rank percentiles of latencies in nanoseconds. */
    record Percentiles(long[] sorted) {
        static Percentiles of(long[] latencies) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted);
        }

        double millis(double fraction) {
            return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)] / 1e6;
        }

        String summary() {
            return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (min %.2f ms,"
                    + " n = %d)", millis(0.50), millis(0.90), millis(0.99), millis(0.999),
                    sorted[sorted.length - 1] / 1e6, sorted[0] / 1e6, sorted.length);
        }
    }
}
