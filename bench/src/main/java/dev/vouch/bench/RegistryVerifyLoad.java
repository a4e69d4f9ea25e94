package dev.vouch.bench;

import dev.vouch.reference.Digest;
import dev.vouch.signature.openpgp.SecretKeyFiles;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.simple.SimpleSigner;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.testing.registry.StaticFileServer;
import dev.vouch.testing.registry.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Load harness for {@code vouch verify} against the real {@code docker-registry} on 127.0.0.1, with signatures in
 * a lookaside store served over HTTP; runs the real CLI ({@code bin/vouch}) as a user would. Two measurements:
 * <ul>
 *   <li>{@code requests}: one image with two signatures behind a token server; counts the registry's requests (its
 *       access log), the lookaside requests and the tokens issued for one {@code vouch verify} of the image, and of
 *       two images of the same repository in one call;</li>
 *   <li>{@code throughput N}: N distinct signed images (pushed through the distribution API, signed in-process)
 *       verified by one {@code vouch verify --images-from} call; prints images per second, and skopeo's time per
 *       image for comparison when skopeo is installed.</li>
 * </ul>
 * Every server binds 127.0.0.1 on a free port; everything is removed at the end.
 */
public final class RegistryVerifyLoad {
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-Passw0rd";

    private final Path work;
    private final Path vouch;
    private final BenchmarkKeys keys;
    private final SigningKey signingKey;
    private final Path publicKey;
    private final Path lookaside;
    private final java.util.Set<String> layersPushed = new java.util.HashSet<>();

    private RegistryVerifyLoad(Path work, Path vouch) throws Exception {
        this.work = work;
        this.vouch = vouch;
        this.keys = BenchmarkKeys.rsa3072();
        Path secret = Files.write(work.resolve("secret.gpg"), keys.secretKeyring);
        this.signingKey = SecretKeyFiles.load(secret, Optional.empty(), keys.fingerprint);
        this.publicKey = Files.write(work.resolve("public.gpg"), keys.publicKeyring);
        this.lookaside = Files.createDirectories(work.resolve("lookaside"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RegistryVerifyLoad VOUCH_LAUNCHER requests | throughput N [JOBS]");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("vouch-registry-bench");
        try {
            RegistryVerifyLoad load = new RegistryVerifyLoad(work, Path.of(args[0]));
            if (args[1].equals("requests")) {
                load.requests();
            } else {
                load.throughput(Integer.parseInt(args[2]), args.length > 3 ? args[3] : "16");
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Request counts of one verification, and of two images of one repository in one call. */
    private void requests() throws Exception {
        try (TokenServer tokens = TokenServer.start(Optional.of(USER), Optional.of(PASSWORD), 300);
             StaticFileServer files = StaticFileServer.start(lookaside);
             RegistryServer registry = RegistryServer.builder(work.resolve("registry")).tokenAuth(tokens)
                     .accessLog().start()) {
            BenchRegistryPusher pusher = new BenchRegistryPusher(registry.hostPort(), Optional.of(USER + ":"
                    + PASSWORD));
            List<String> images = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                images.add(push(pusher, registry.hostPort(), "bench/app", "v" + i, i, 2));
            }
            Path registries = registriesDirectory(files.url());
            Path policy = policy(registry.hostPort());
            Path authFile = Files.writeString(work.resolve("auth.json"), "{\"auths\":{\"" + registry.hostPort()
                    + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            System.out.println("vouch verify of registry images: 2 signatures each in an HTTP lookaside store, "
                    + "token authentication");
            for (List<String> batch : List.of(images.subList(0, 1), images)) {
                int logBefore = registry.requests().size();
                int lookasideBefore = files.requests();
                int tokensBefore = tokens.tokensIssued();
                List<String> command = new ArrayList<>(List.of(vouch.toString(), "verify", "--policy",
                        policy.toString(), "--registries.d", registries.toString(), "--authfile",
                        authFile.toString(), "--tls-verify=false"));
                command.addAll(batch);
                Result result = run(command);
                List<RegistryServer.Request> lines = registry.requests();
                Map<String, Integer> byKind = new TreeMap<>();
                for (RegistryServer.Request line : lines.subList(logBefore, lines.size())) {
                    String kind = line.method() + " " + (line.path().equals("/v2/") ? "/v2/ (ping)"
                            : line.path().contains("/manifests/") ? "manifest" : line.path()) + " -> " + line.status();
                    byKind.merge(kind, 1, Integer::sum);
                }
                System.out.printf("%n%d image(s), exit code %d, %.0f ms%n", batch.size(), result.exitCode,
                        result.millis);
                System.out.println("  registry requests: " + (lines.size() - logBefore) + " " + byKind);
                System.out.println("  lookaside requests: " + (files.requests() - lookasideBefore)
                        + " (2 signatures + the final 404 per image)");
                System.out.println("  tokens issued: " + (tokens.tokensIssued() - tokensBefore));
                if (result.exitCode != 0) {
                    System.out.println(result.output);
                }
            }
        }
    }

    /** One {@code vouch verify --images-from} call over {@code count} distinct signed images. */
    private void throughput(int count, String jobs) throws Exception {
        try (StaticFileServer files = StaticFileServer.start(lookaside);
             RegistryServer registry = RegistryServer.builder(work.resolve("registry")).start()) {
            BenchRegistryPusher pusher = new BenchRegistryPusher(registry.hostPort(), Optional.empty());
            long pushStart = System.nanoTime();
            List<String> images = new ArrayList<>();
            int repositories = 10;
            for (int i = 0; i < count; i++) {
                images.add(push(pusher, registry.hostPort(), "bench/app" + (i % repositories),
                        "v" + (i / repositories), i, 1));
            }
            System.out.printf("pushed and signed %d images in %.1f s%n", count,
                    (System.nanoTime() - pushStart) / 1e9);
            Path list = Files.write(work.resolve("images.txt"), images);
            Path registries = registriesDirectory(files.url());
            Path policy = policy(registry.hostPort());
            List<String> base = List.of(vouch.toString(), "verify", "--policy", policy.toString(),
                    "--registries.d", registries.toString(), "--tls-verify=false", "--jobs", jobs);
            List<String> one = new ArrayList<>(base);
            one.add(images.get(0));
            run(one);
            Result single = run(one);
            List<String> all = new ArrayList<>(base);
            all.addAll(List.of("--images-from", list.toString()));
            for (int round = 1; round <= 3; round++) {
                Result result = run(all);
                long accepted = result.output.lines().filter(line -> line.endsWith(": ACCEPTED")).count();
                System.out.printf("round %d: %d images, exit code %d, %d accepted, %.0f ms wall: %.0f images/s "
                        + "(one image alone: %.0f ms; after start-up: %.0f images/s); vouch CPU %.2f s "
                        + "(one image alone: %.2f s), %.0f images per CPU second after start-up%n", round, count,
                        result.exitCode, accepted, result.millis, count * 1000 / result.millis, single.millis,
                        (count - 1) * 1000 / Math.max(1, result.millis - single.millis), result.cpuSeconds,
                        single.cpuSeconds, (count - 1) / Math.max(0.001, result.cpuSeconds - single.cpuSeconds));
            }
            if (Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
                int samples = Math.min(10, count);
                double total = 0;
                double cpu = 0;
                for (int i = 0; i < samples; i++) {
                    Path destination = Files.createTempDirectory(work, "skopeo");
                    Result result = run(List.of("/usr/bin/skopeo", "--policy", policy.toString(), "--registries.d",
                            registries.toString(), "copy", "--quiet", "--src-tls-verify=false",
                            images.get(i), "dir:" + destination));
                    total += result.millis;
                    cpu += result.cpuSeconds;
                }
                System.out.printf("skopeo copy --policy (reference), one process per image: %.0f ms wall and %.0f ms "
                        + "CPU per image (%d samples)%n", total / samples, cpu * 1000 / samples, samples);
            }
        }
    }

    /**
     * Pushes a distinct small image {@code repository:tag} (its config names {@code index}) and stores
     * {@code signatures} signatures of it in the lookaside directory; returns {@code docker://HOST/REPO:TAG}.
     */
    private String push(BenchRegistryPusher pusher, String hostPort, String repository, String tag, int index,
                        int signatures) throws Exception {
        byte[] layer = "vouch bench layer\n".getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"index\":\""
                + index + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
        String layerDigest = Digest.sha256(layer).toString();
        String configDigest = Digest.sha256(config).toString();
        if (layersPushed.add(repository)) {
            pusher.blob(repository, layerDigest, layer);
        }
        pusher.blob(repository, configDigest, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        pusher.manifest(repository, tag, manifest);
        Digest digest = Digest.sha256(manifest);
        String identity = hostPort + "/" + repository + ":" + tag;
        Path directory = Files.createDirectories(lookaside.resolve(repository + "@" + digest.algorithm().identifier()
                + "=" + digest.encoded()));
        for (int n = 1; n <= signatures; n++) {
            Files.write(directory.resolve("signature-" + n), SimpleSigner.sign(signingKey, digest.toString(),
                    identity, Optional.of("vouch bench"), Instant.now()).untrustedOpenPgpMessage());
        }
        return "docker://" + identity;
    }

    private Path registriesDirectory(String lookasideUrl) throws IOException {
        Path directory = Files.createDirectories(work.resolve("registries.d"));
        Files.writeString(directory.resolve("bench.yaml"), "default-docker:\n  lookaside: " + lookasideUrl + "\n");
        return directory;
    }

    private Path policy(String hostPort) throws IOException {
        return Files.writeString(work.resolve("policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"docker\":{\"" + hostPort + "\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
                + "\"keyPath\":\"" + publicKey + "\"}]}}}");
    }

    /** Exit code, wall time, the CPU time of the process and its children (user + system; -1 if unknown). */
    private record Result(int exitCode, double millis, double cpuSeconds, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "output", ".txt");
        Path times = Files.createTempFile(work, "time", ".txt");
        List<String> timed = new ArrayList<>();
        boolean measureCpu = Files.isExecutable(Path.of("/usr/bin/time"));
        if (measureCpu) {
            timed.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        }
        timed.addAll(command);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        int exit = process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        double cpu = -1;
        if (measureCpu) {
            String[] fields = Files.readString(times).trim().split("\\s+");
            String[] last = fields.length >= 2 ? new String[] {fields[fields.length - 2], fields[fields.length - 1]}
                    : new String[] {"-1", "0"};
            cpu = Double.parseDouble(last[0]) + Double.parseDouble(last[1]);
        }
        return new Result(exit, millis, cpu, Files.readString(output));
    }
}
