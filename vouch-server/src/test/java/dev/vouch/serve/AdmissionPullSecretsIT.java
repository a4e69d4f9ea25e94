package dev.vouch.serve;

import static dev.vouch.kubetesting.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.admission.LabelledNamespaceRules;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.pullsecret.PullSecrets;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamConfigParser;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.testing.registry.TestCertificates;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission in a cluster end to end: the (mock, CRUD) API server holds namespaces, pull secrets and service accounts;
 * the real docker-registry with token auth holds an image signed by skopeo; AdmissionReviews go over HTTPS to the
 * service {@code vouch serve} assembles from vouch.yaml.
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionPullSecretsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);
    static HttpClient https;
    static TestCertificates.Issued authority;

    KubernetesClient client;
    AdmissionService service;
    StringWriter logs = new StringWriter();
    String image;

    @BeforeAll
    static void startRegistry() throws Exception {
        authority = TestCertificates.authority("vouch webhook CA");
        TestCertificates.server(authority).write(work.resolve("tls.crt"), work.resolve("tls.key"));
        https = HttpClient.newBuilder().sslContext(RegistryTls.trustingOnly(
                TestCertificates.pem(authority.certificate()).getBytes(StandardCharsets.US_ASCII), "test CA")).build();
    }

    @BeforeEach
    void startService() throws Exception {
        image = fixture.token.hostPort() + "/token/app:v1";
        Path yaml = Files.writeString(work.resolve("vouch.yaml"), """
                policy: %s
                registriesD: %s
                tlsVerify: false
                kubernetes: {}
                admission:
                  listen: 127.0.0.1:0
                  tls: {certFile: tls.crt, keyFile: tls.key}
                  mode: enforce
                """.formatted(fixture.signedByPolicy, fixture.fileRegistriesDirectory));
        StreamConfig config = StreamConfigParser.parse(yaml, fixture.home);
        SourceContext context = config.sourceContext().withHomeDirectory(fixture.home, false);
        for (String namespace : List.of("team", "other", "robots")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().build()).create();
            client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName("default").withNamespace(namespace).endMetadata().build()).create();
        }
        pullSecret("team", "registry-login");
        pullSecret("robots", "robot-login");
        client.serviceAccounts().inNamespace("robots").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("builder").withNamespace("robots").endMetadata().addNewImagePullSecret("robot-login")
                .build()).create();
        service = AdmissionService.start(config.admission().orElseThrow(), config.policyFile(),
                config.registriesDirectory(), context, new Metrics(),
                new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC(), Optional.empty(),
                Optional.of(client));
        await("the service account stored", () -> client.serviceAccounts().inNamespace("robots").withName("builder").get() != null);
        Thread.sleep(500);
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    void pullSecret(String namespace, String name) {
        String auth = Base64.getEncoder().encodeToString((RegistryFixture.USER + ":" + RegistryFixture.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + fixture.token.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}";
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withType(PullSecrets.DOCKER_CONFIG_JSON)
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(config.getBytes(
                        StandardCharsets.UTF_8))).build()).create();
    }


    /** A Pod of a ReplicaSet, with {@code extraSpec} (e.g. its pull secrets) in its spec. */
    JsonNode admitPod(String namespace, String podImage, String extraSpec) throws Exception {
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"u-1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
                + "\"namespace\":\"" + namespace + "\",\"operation\":\"CREATE\",\"object\":{\"metadata\":{"
                + "\"generateName\":\"web-7c-\",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":"
                + "\"ReplicaSet\",\"name\":\"web-7c\",\"uid\":\"rs-1\",\"controller\":true}]},\"spec\":{" + extraSpec
                + (extraSpec.isEmpty() ? "" : ",") + "\"containers\":[{\"name\":\"web\",\"image\":\"" + podImage
                + "\"}]}}}}";
        HttpResponse<String> answer = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + service.address().getPort() + "/validate?timeout=10s"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(review)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("response");
    }

    static String secrets(String... names) {
        StringBuilder text = new StringBuilder("\"imagePullSecrets\":[");
        for (int i = 0; i < names.length; i++) {
            text.append(i == 0 ? "" : ",").append("{\"name\":\"").append(names[i]).append("\"}");
        }
        return text.append(']').toString();
    }

    @Test
    void aPodWithThePullSecretIsAdmittedAndOneWithoutIsDeniedAsUnauthorized() throws Exception {
        JsonNode with = admitPod("team", image, secrets("registry-login"));
        assertThat(with.get("allowed").asBoolean()).as(with.toString()).isTrue();

        JsonNode without = admitPod("team", image, "");
        assertThat(without.get("allowed").asBoolean()).isFalse();
        assertThat(without.at("/status/message").asText()).contains(image + ": registry refused the credentials");

        await("an Event in team", () -> !client.v1().events().inNamespace("team").list().getItems().isEmpty());
        Event event = client.v1().events().inNamespace("team").list().getItems().get(0);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("web-7c");
        assertThat(event.getMessage()).contains(image).contains("registry refused the credentials")
                .doesNotContain(RegistryFixture.PASSWORD);
        assertThat(logs.toString()).doesNotContain(RegistryFixture.PASSWORD);
    }

    @Test
    void anotherNamespacesSecretNeverReadsForThisNamespace() throws Exception {
        JsonNode response = admitPod("other", image, secrets("registry-login"));
        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/message").asText()).contains("registry refused the credentials");
        assertThat(logs.toString()).contains("pullsecret.missing").contains("other/registry-login");
    }

    @Test
    void aVerdictOtherCredentialsObtainedAdmitsNoDigestTheseCannotRead() throws Exception {
        String digested = fixture.token.hostPort() + "/token/app@" + fixture.digests.get(image);
        assertThat(admitPod("team", digested, secrets("registry-login")).get("allowed").asBoolean()).isTrue();
        assertThat(admitPod("team", image, secrets("registry-login")).get("allowed").asBoolean()).isTrue();
        JsonNode byDigest = admitPod("other", digested, "");
        assertThat(byDigest.get("allowed").asBoolean()).as("the shared verdict needs this reader's access").isFalse();
        assertThat(byDigest.at("/status/message").asText()).contains("registry refused the credentials");
        JsonNode byTag = admitPod("other", image, "");
        assertThat(byTag.get("allowed").asBoolean()).as("the tag is resolved with this reader's credentials")
                .isFalse();
    }

    @Test
    void aRefusalForOneReaderIsNotKeptForAnother() throws Exception {
        String digested = fixture.token.hostPort() + "/token/app@" + fixture.digests.get(image);
        assertThat(admitPod("other", digested, "").get("allowed").asBoolean()).isFalse();
        JsonNode with = admitPod("team", digested, secrets("registry-login"));
        assertThat(with.get("allowed").asBoolean()).as(with.toString()).isTrue();
    }

    @Test
    void theServiceAccountsPullSecretsApply() throws Exception {
        assertThat(admitPod("robots", image, "\"serviceAccountName\":\"builder\"").get("allowed").asBoolean())
                .isTrue();
        assertThat(admitPod("robots", image, "").get("allowed").asBoolean()).as("the default account has none")
                .isFalse();
    }

    @Test
    void aNamespaceLabelCanTightenButNotRelaxEnforcement() throws Exception {
        client.namespaces().withName("other").edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels(LabelledNamespaceRules.MODE_LABEL, "audit").endMetadata().build());
        Thread.sleep(500);
        assertThat(admitPod("other", image, "").get("allowed").asBoolean()).isFalse();
        assertThat(logs.toString()).contains("admission.label_ignored");
    }
}
