package dev.vouch.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.cli.ClassDataTraining;
import dev.vouch.cli.Main;
import dev.vouch.reference.Digest;
import dev.vouch.registry.tls.RegistryTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTrainingTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path IMAGE = EXAMPLES.resolve("images/hello");

    @TempDir
    Path temp;

    @Test
    void servesTheImageItsBlobsAndItsSignaturesAndNothingElse() throws Exception {
        byte[] manifest = Files.readAllBytes(IMAGE.resolve("manifest.json"));
        Digest digest = Digest.sha256(manifest);
        String configHex = "5064e10bedcd937e81156150d8d2aca0c8cc7652f2bca6d2fc78f67f34bf00ad";
        HttpClient client = HttpClient.newHttpClient();
        String base;
        try (TrainingRegistry registry = TrainingRegistry.start(IMAGE, "vouch/hello", "1.0", Optional.empty())) {
            base = "http://" + registry.hostPort();
            assertThat(registry.digest()).isEqualTo(digest);
            assertThat(send(client, "GET", base + "/v2/").statusCode()).isEqualTo(200);

            HttpResponse<byte[]> head = send(client, "HEAD", base + "/v2/vouch/hello/manifests/1.0");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type"))
                    .contains("application/vnd.oci.image.manifest.v1+json");
            assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(manifest.length);
            assertThat(head.body()).isEmpty();
            HttpResponse<byte[]> byDigest = send(client, "GET", base + "/v2/vouch/hello/manifests/" + digest);
            assertThat(byDigest.statusCode()).isEqualTo(200);
            assertThat(byDigest.body()).isEqualTo(manifest);

            HttpResponse<byte[]> blob = send(client, "GET", base + "/v2/vouch/hello/blobs/sha256:" + configHex);
            assertThat(blob.statusCode()).isEqualTo(200);
            assertThat(blob.body()).isEqualTo(Files.readAllBytes(IMAGE.resolve(configHex)));
            HttpResponse<byte[]> signature = send(client, "GET",
                    base + "/sigs/vouch/hello@sha256=" + digest.encoded() + "/signature-1");
            assertThat(signature.statusCode()).isEqualTo(200);
            assertThat(signature.body()).isEqualTo(Files.readAllBytes(IMAGE.resolve("signature-1")));
            assertThat(registry.served()).isEqualTo(5);

            String otherHex = "0".repeat(64);
            for (String missing : List.of(
                    "/sigs/vouch/hello@sha256=" + digest.encoded() + "/signature-2",
                    "/sigs/vouch/hello@sha256=" + otherHex + "/signature-1",
                    "/sigs/other/hello@sha256=" + digest.encoded() + "/signature-1",
                    "/v2/vouch/hello/manifests/2.0",
                    "/v2/vouch/hello/manifests/sha256:" + otherHex,
                    "/v2/other/hello/manifests/1.0",
                    "/v2/vouch/hello/blobs/sha256:" + otherHex,
                    "/v2/vouch/hello/blobs/sha256:../manifest.json",
                    "/v2/other/hello/blobs/sha256:" + configHex,
                    "/v2/vouch/hello/tags/list")) {
                assertThat(send(client, "GET", base + missing).statusCode()).as(missing).isEqualTo(404);
            }
            assertThat(send(client, "DELETE", base + "/v2/vouch/hello/manifests/1.0").statusCode()).isEqualTo(405);
            assertThat(registry.served()).isEqualTo(5);
        }
        assertThatThrownBy(() -> send(HttpClient.newHttpClient(), "GET", base + "/v2/"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void thePlainRegistryRefusesATlsHandshakeAtOnceAsDockerRegistryDoes() throws Exception {
        try (TrainingRegistry registry = TrainingRegistry.start(IMAGE, "vouch/hello", "1.0", Optional.empty())) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(RegistryTls.context(Optional.empty(), false)).build();
            long start = System.nanoTime();
            // With --tls-verify=false vouch tries HTTPS first; waiting for the request timeout would stall training.
            assertThatThrownBy(() -> send(client, "GET", "https://" + registry.hostPort() + "/v2/"))
                    .isInstanceOf(javax.net.ssl.SSLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(send(client, "GET", "http://" + registry.hostPort() + "/v2/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theHttpsRegistryIsTrustedThroughTheWrittenAuthorityOnly() throws Exception {
        TrainingCertificates certificates = TrainingCertificates.create();
        Path certs = temp.resolve("certs");
        certificates.writeAuthority(certs);
        try (TrainingRegistry registry = TrainingRegistry.start(IMAGE, "vouch/hello", "1.0",
                Optional.of(certificates.serverContext()))) {
            String ping = "https://" + registry.hostPort() + "/v2/";
            SSLContext trusting = RegistryTls.context(Optional.of(certs), true);
            assertThat(send(HttpClient.newBuilder().sslContext(trusting).build(), "GET", ping).statusCode())
                    .isEqualTo(200);
            SSLContext system = RegistryTls.context(Optional.empty(), true);
            assertThatThrownBy(() -> send(HttpClient.newBuilder().sslContext(system).build(), "GET", ping))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void everyRegistryCommandIsAcceptedAndNothingIsLeftBehind() throws Exception {
        Set<String> before = trainingDirectories();
        Set<Long> listeningBefore = listeningSockets();
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output);
        List<String> failures = RegistryTraining.run(EXAMPLES, arguments -> Main.run(arguments, writer, writer));
        writer.flush();
        assertThat(failures).as(output.toString()).isEmpty();
        assertThat(output.toString())
                .contains(": ACCEPTED").contains("\"accepted\" : true").contains("Copied docker://");
        assertThat(trainingDirectories()).isEqualTo(before);
        assertThat(listeningSockets()).isEqualTo(listeningBefore);
    }

    @Test
    void aRejectingCommandIsReportedAsAFailure() throws Exception {
        List<String> failures = RegistryTraining.run(EXAMPLES, arguments -> 1);
        assertThat(failures).hasSize(5).allMatch(line -> line.startsWith("exit code 1: vouch "));
    }

    @Test
    void theTrainingProgramExitsWithZeroAndLeavesNoFiles() throws Exception {
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Process process = training(tmp);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(temp.resolve("output.txt"))).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aTrainingStoppedMidwayStillDeletesItsFiles() throws Exception {
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Process process = training(tmp);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean started = false;
        while (!started && process.isAlive() && System.nanoTime() < deadline) {
            try (Stream<Path> entries = Files.list(tmp)) {
                started = entries.anyMatch(path -> path.getFileName().toString().startsWith("vouch-training"));
            }
            Thread.sleep(5);
        }
        assertThat(started).as("the registry part started").isTrue();
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    private Process training(Path tmp) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                ClassDataTraining.class.getName(), EXAMPLES.toString(), "--registry")
                .redirectErrorStream(true).redirectOutput(temp.resolve("output.txt").toFile()).start();
    }

    private static HttpResponse<byte[]> send(HttpClient client, String method, String uri)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Set<String> trainingDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("vouch-training")).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The inodes of this process's TCP sockets in the LISTEN state (Linux). */
    private static Set<Long> listeningSockets() throws IOException {
        Set<Long> own = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        own.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Long> listening = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (Files.exists(file)) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 9 && fields[3].equals("0A") && own.contains(Long.parseLong(fields[9]))) {
                listening.add(Long.parseLong(fields[9]));
            }
        }
        return listening;
    }
}
