package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.admission.PolicySnapshots;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamConfigParser;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.testing.registry.TestCertificates;
import dev.vouch.transport.SourceContext;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission end to end as {@code vouch serve} assembles it from {@code vouch.yaml}: AdmissionReviews over HTTPS,
 * decided against the real docker-registry holding images pushed and signed by skopeo.
 */
class AdmissionServiceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);
    static AdmissionService service;
    static StreamConfig config;
    static SourceContext context;
    static HttpClient client;
    static StringWriter logs = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Issued authority = TestCertificates.authority("vouch webhook CA");
        TestCertificates.server(authority).write(work.resolve("tls.crt"), work.resolve("tls.key"));
        Path yaml = Files.writeString(work.resolve("vouch.yaml"), """
                policy: %s
                registriesD: %s
                tlsVerify: false
                admission:
                  listen: 127.0.0.1:0
                  tls: {certFile: tls.crt, keyFile: tls.key}
                  namespaces: {trial: warn}
                """.formatted(fixture.signedByPolicy, fixture.fileRegistriesDirectory));
        config = StreamConfigParser.parse(yaml, fixture.home);
        context = config.sourceContext().withHomeDirectory(fixture.home, false);
        service = AdmissionService.start(config.admission().orElseThrow(), config.policyFile(),
                config.registriesDirectory(), context, new Metrics(),
                new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC(), Optional.empty());
        client = HttpClient.newBuilder().sslContext(RegistryTls.trustingOnly(
                TestCertificates.pem(authority.certificate()).getBytes(StandardCharsets.US_ASCII), "test CA")).build();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static JsonNode admit(String path, String namespace, String image) throws Exception {
        return admit(service, path, namespace, image);
    }

    static JsonNode admit(AdmissionService target, String path, String namespace, String image) throws Exception {
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"u-1\",\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"},"
                + "\"namespace\":\"" + namespace + "\",\"name\":\"web\",\"operation\":\"CREATE\",\"object\":{"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image
                + "\"}]}}}}}}";
        InetSocketAddress address = target.address();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + address.getPort() + path + "?timeout=10s")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(review)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("response");
    }

    /**
     * Beside the engine, admission decides under the engine's PolicySnapshots: it uses them and leaves them open
     * (a second service over the same snapshots still verifies through their registry clients).
     */
    @Test
    void aPolicyTheCallerFollowsIsUsedAndLeftOpenWhenTheServiceCloses() throws Exception {
        String image = fixture.plain.hostPort() + "/signed:v1";
        try (PolicySnapshots policy = PolicySnapshots.open(config.policyFile(), config.registriesDirectory(), context,
                Clock.systemUTC(), problem -> { })) {
            for (int round = 1; round <= 2; round++) {
                AdmissionService shared = AdmissionService.start(config.admission().orElseThrow(), policy,
                        new Metrics(), new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC(),
                        Optional.empty(), Optional.empty());
                try {
                    JsonNode response = admit(shared, "/validate", "team", image);
                    assertThat(response.get("allowed").asBoolean()).as("round %d: %s", round, response).isTrue();
                } finally {
                    shared.close();
                }
            }
        }
    }

    @Test
    void aSignedImageIsAdmittedAndPinnedToItsVerifiedDigest() throws Exception {
        String image = fixture.plain.hostPort() + "/signed:v1";
        JsonNode response = admit("/mutate", "team", image);
        assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
        String patch = new String(Base64.getDecoder().decode(response.get("patch").asText()), StandardCharsets.UTF_8);
        assertThat(patch).contains("\"value\":\"" + fixture.plain.hostPort() + "/signed@"
                + fixture.digests.get(image) + "\"");
        assertThat(admit("/validate", "team", image).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void untrustedImagesAreDeniedWithTheirReason() throws Exception {
        String host = fixture.plain.hostPort();
        assertThat(admit("/validate", "team", host + "/unsigned:v1").at("/status/message").asText())
                .contains(host + "/unsigned:v1: no signature");
        assertThat(admit("/validate", "team", host + "/wrongkey:v1").at("/status/message").asText())
                .contains("not signed by a trusted key");
        JsonNode moved = admit("/validate", "team", host + "/moved:v1");
        assertThat(moved.get("allowed").asBoolean()).isFalse();
        assertThat(moved.at("/status/message").asText()).contains("moved:v1: no signature");
        assertThat(admit("/validate", "team", "127.0.0.1:9/team/app:1").at("/status/message").asText())
                .contains("registry unreachable");
    }

    @Test
    void aWarnNamespaceAdmitsWithAWarning() throws Exception {
        JsonNode response = admit("/validate", "trial", fixture.plain.hostPort() + "/unsigned:v1");
        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.get("warnings").get(0).asText()).contains("no signature");
    }
}
