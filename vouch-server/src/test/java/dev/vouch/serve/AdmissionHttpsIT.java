package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.admission.AdmissionDecider;
import dev.vouch.admission.AdmissionMode;
import dev.vouch.admission.ConfiguredNamespaceRules;
import dev.vouch.admission.FailureClass;
import dev.vouch.admission.ImageCheck;
import dev.vouch.metrics.Metrics;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.testing.MovableClock;
import dev.vouch.testing.registry.TestCertificates;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admission webhooks over real HTTPS, as the API server calls them: TLS with a certificate that rotates, the
 * {@code timeout} query parameter, AdmissionReview and ImageReview bodies. The image checks come from a table (the
 * registry-backed checker has its own tests); what is under test is the HTTP side.
 */
class AdmissionHttpsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNED = "registry.example.com/team/web:1.4";
    private static final String PINNED = "registry.example.com/team/web@sha256:" + "e".repeat(64);

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(Instant.now());
    private final List<String> problems = new ArrayList<>();
    private final ExecutorService checks = Executors.newFixedThreadPool(4);
    private TestCertificates.Issued authority;
    private Path certificateFile;
    private Path keyFile;
    private AdmissionHttps server;
    private HttpClient client;

    private static ImageCheck check(String image, String namespace, Instant deadline) {
        if (image.equals(SIGNED)) {
            return ImageCheck.accepted(image, "signed by Release", "docker:registry.example.com", Optional.of(PINNED));
        }
        if (image.equals("slow")) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ImageCheck.refused(image, FailureClass.NO_SIGNATURE, "signedBy: no signature", Optional.of("docker"));
    }

    @BeforeEach
    void start() throws Exception {
        authority = TestCertificates.authority("vouch test CA");
        certificateFile = dir.resolve("tls.crt");
        keyFile = dir.resolve("tls.key");
        TestCertificates.server(authority).write(certificateFile, keyFile);
        ServingCertificate certificate = ServingCertificate.load(certificateFile, keyFile, clock, problems::add);
        ConfiguredNamespaceRules rules = new ConfiguredNamespaceRules(AdmissionMode.ENFORCE,
                Map.of("trial", AdmissionMode.WARN), Set.of("kube-system"), Set.of("gitops"));
        server = AdmissionHttps.start(new InetSocketAddress("127.0.0.1", 0), certificate,
                new AdmissionDecider(AdmissionHttpsIT::check, checks), rules, new Metrics(), clock);
        client = newClient();
    }

    private HttpClient newClient() throws Exception {
        return HttpClient.newBuilder().sslContext(RegistryTls.trustingOnly(
                TestCertificates.pem(authority.certificate()).getBytes(StandardCharsets.US_ASCII), "test CA"))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        checks.shutdownNow();
    }

    private HttpResponse<String> post(HttpClient with, String path, String body) throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + server.address().getPort() + path);
        return with.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String review(String namespace, String image) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-7\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"namespace\":\"" + namespace
                + "\",\"name\":\"web\",\"operation\":\"CREATE\",\"object\":{\"spec\":{\"containers\":[{\"name\":"
                + "\"web\",\"image\":\"" + image + "\"}]}}}}";
    }

    private static JsonNode response(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(answer.body()).get("response");
    }

    @Test
    void validateDeniesAnUntrustedImageWithItsReason() throws Exception {
        JsonNode response = response(post(client, "/validate?timeout=10s", review("team", "evil.example.com/x:1")));
        assertThat(response.get("uid").asText()).isEqualTo("u-7");
        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/code").asInt()).isEqualTo(403);
        assertThat(response.at("/status/message").asText()).contains("evil.example.com/x:1: no signature");
    }

    @Test
    void mutatePinsTrustedImagesUnlessTheNamespaceOptedOut() throws Exception {
        JsonNode response = response(post(client, "/mutate", review("team", SIGNED)));
        assertThat(response.get("allowed").asBoolean()).isTrue();
        String patch = new String(Base64.getDecoder().decode(response.get("patch").asText()), StandardCharsets.UTF_8);
        assertThat(patch).contains("\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"" + PINNED);
        assertThat(response(post(client, "/mutate", review("gitops", SIGNED))).has("patch")).isFalse();
        assertThat(response(post(client, "/validate", review("team", SIGNED))).has("patch"))
                .as("the validating webhook never patches").isFalse();
    }

    @Test
    void namespaceModesAndExemptionsApply() throws Exception {
        JsonNode warned = response(post(client, "/validate", review("trial", "evil.example.com/x:1")));
        assertThat(warned.get("allowed").asBoolean()).isTrue();
        assertThat(warned.get("warnings").get(0).asText()).contains("evil.example.com/x:1: no signature");
        JsonNode exempt = response(post(client, "/validate", review("kube-system", "evil.example.com/x:1")));
        assertThat(exempt.get("allowed").asBoolean()).isTrue();
        assertThat(exempt.at("/auditAnnotations/decision").asText()).isEqualTo("exempt");
    }

    @Test
    void answersBeforeTheApiServersDeadlineWithATimeoutDenial() throws Exception {
        long started = System.nanoTime();
        JsonNode response = response(post(client, "/validate?timeout=2s", review("team", "slow")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/message").asText()).contains("slow: timed out");
    }

    @Test
    void anUnreadableReviewIsDeniedOrRefused() throws Exception {
        JsonNode denied = response(post(client, "/validate", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":"
                + "\"AdmissionReview\",\"request\":{\"uid\":\"u-9\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"X\"}}"));
        assertThat(denied.get("uid").asText()).isEqualTo("u-9");
        assertThat(denied.get("allowed").asBoolean()).isFalse();
        assertThat(denied.at("/status/code").asInt()).isEqualTo(400);
        assertThat(post(client, "/validate", "not json").statusCode()).isEqualTo(400);
        URI uri = URI.create("https://127.0.0.1:" + server.address().getPort() + "/validate");
        assertThat(client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(405);
        assertThat(post(client, "/validate/x", review("team", SIGNED)).statusCode()).isEqualTo(404);
    }

    @Test
    void imageReviewIsAnswered() throws Exception {
        HttpResponse<String> answer = post(client, "/imagereview", "{\"apiVersion\":\"imagepolicy.k8s.io/v1alpha1\","
                + "\"kind\":\"ImageReview\",\"spec\":{\"containers\":[{\"image\":\"evil.example.com/x:1\"}],"
                + "\"namespace\":\"team\"}}");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(answer.body()).get("status");
        assertThat(status.get("allowed").asBoolean()).isFalse();
        assertThat(status.get("reason").asText()).contains("evil.example.com/x:1: no signature");
    }

    @Test
    void aRotatedCertificateIsServedWithoutRestartAndAHalfWrittenOneIsNot() throws Exception {
        BigInteger first = servedSerial();
        TestCertificates.Issued rotated = TestCertificates.server(authority);
        rotated.write(certificateFile, keyFile);
        touch(certificateFile, 5);
        touch(keyFile, 5);
        clock.advance(ServingCertificate.CHECK_INTERVAL.plusSeconds(1));
        assertThat(servedSerial()).isEqualTo(rotated.certificate().getSerialNumber()).isNotEqualTo(first);

        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\ntruncated");
        touch(keyFile, 10);
        clock.advance(ServingCertificate.CHECK_INTERVAL.plusSeconds(1));
        assertThat(servedSerial()).isEqualTo(rotated.certificate().getSerialNumber());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("serving certificate not reloaded, the previous one is kept: ")
                .doesNotContain("truncated");

        TestCertificates.server(authority).write(certificateFile, dir.resolve("other.key"));
        Files.writeString(keyFile, TestCertificates.pem(rotated.keyPair().getPrivate()));
        touch(certificateFile, 15);
        touch(keyFile, 15);
        clock.advance(ServingCertificate.CHECK_INTERVAL.plusSeconds(1));
        assertThat(servedSerial()).as("a certificate without its key is not served")
                .isEqualTo(rotated.certificate().getSerialNumber());
        assertThat(problems.get(problems.size() - 1)).contains("does not belong to the certificate");
    }

    private BigInteger servedSerial() throws Exception {
        HttpResponse<String> answer = post(newClient(), "/validate", review("team", SIGNED));
        X509Certificate leaf = (X509Certificate) answer.sslSession().orElseThrow().getPeerCertificates()[0];
        return leaf.getSerialNumber();
    }

    private static void touch(Path file, int secondsAhead) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }
}
