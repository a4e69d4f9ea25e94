package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionReviewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsWhatTheDecisionDependsOn() throws Exception {
        AdmissionRequest request = AdmissionReviews.parse(Reviews.review(AdmittedKind.DEPLOYMENT, "CREATE",
                Reviews.object(AdmittedKind.DEPLOYMENT, Reviews.podSpec(Reviews.container("web", "nginx")))));
        assertThat(request.uid()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(request.group()).isEqualTo("apps");
        assertThat(request.kind()).isEqualTo("Deployment");
        assertThat(request.namespace()).isEqualTo("team");
        assertThat(request.operation()).isEqualTo("CREATE");
        assertThat(request.username()).isEqualTo("alice");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.describe()).isEqualTo("Deployment.apps team/web");
        assertThat(request.object()).isPresent();
    }

    static Stream<Arguments> invalid() {
        String valid = new String(Reviews.review(AdmittedKind.POD, "CREATE", "{}"), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("not JSON", "{", "request body: not JSON"),
                Arguments.of("an array", "[]", "request body: must be a JSON object"),
                Arguments.of("v1beta1", valid.replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1"),
                        "apiVersion: must be admission.k8s.io/v1"),
                Arguments.of("another kind", valid.replace("\"AdmissionReview\"", "\"ImageReview\""),
                        "kind: must be AdmissionReview"),
                Arguments.of("no request", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
                        "request: must be an object"),
                Arguments.of("no uid", valid.replace("\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\",", ""),
                        "request.uid: is required"),
                Arguments.of("empty uid", valid.replace("705ab4f5-6393-11e8-b7cc-42010a800002", ""),
                        "request.uid: must be a non-empty string"),
                Arguments.of("unknown operation", valid.replace("\"CREATE\"", "\"PATCH\""),
                        "request.operation: must be CREATE, UPDATE, DELETE or CONNECT"),
                Arguments.of("object not an object", valid.replace("\"object\":{}", "\"object\":\"pod\""),
                        "request.object: must be an object"),
                Arguments.of("dryRun a string", valid.replace("\"dryRun\":false", "\"dryRun\":\"no\""),
                        "request.dryRun: must be a boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesAnInvalidReviewNamingTheField(String name, String body, String message) {
        assertThatThrownBy(() -> AdmissionReviews.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidAdmissionRequestException.class).hasMessage(message);
    }

    @Test
    void theUidOfAnOtherwiseInvalidBodyIsStillFound() {
        assertThat(AdmissionReviews.uidOf("{\"request\":{\"uid\":\"u-1\",\"kind\":7}}".getBytes(StandardCharsets.UTF_8)))
                .contains("u-1");
        assertThat(AdmissionReviews.uidOf("nonsense".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aDenialCarriesStatusAndNoPatch() throws Exception {
        ImageSite site = new ImageSite("/spec/containers/0/image", "containers", "web", "nginx");
        JsonNode written = JSON.readTree(AdmissionReviews.write(new AdmissionResponse("u-1", false, 403,
                "vouch denied Pod team/web", List.of(), Map.of("decision", "denied"),
                List.of(new ImageSite.Replacement(site, "docker.io/library/nginx@sha256:" + "b".repeat(64))))));
        assertThat(written.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(written.get("kind").asText()).isEqualTo("AdmissionReview");
        JsonNode response = written.get("response");
        assertThat(response.get("uid").asText()).isEqualTo("u-1");
        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/code").asInt()).isEqualTo(403);
        assertThat(response.at("/status/message").asText()).isEqualTo("vouch denied Pod team/web");
        assertThat(response.at("/auditAnnotations/decision").asText()).isEqualTo("denied");
        assertThat(response.has("patch")).as("a denial never mutates").isFalse();
    }

    @Test
    void anAllowedResponsePinsImagesWithATestedJsonPatch() throws Exception {
        ImageSite site = new ImageSite("/spec/template/spec/containers/1/image", "containers", "web", "nginx:1.27");
        String pinned = "docker.io/library/nginx@sha256:" + "c".repeat(64);
        JsonNode response = JSON.readTree(AdmissionReviews.write(new AdmissionResponse("u-2", true, 200, "",
                List.of("vouch: note"), Map.of(), List.of(new ImageSite.Replacement(site, pinned))))).get("response");
        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.has("status")).isFalse();
        assertThat(response.get("warnings").get(0).asText()).isEqualTo("vouch: note");
        assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
        assertThat(patch).hasSize(2);
        assertThat(patch.get(0).toString()).isEqualTo(
                "{\"op\":\"test\",\"path\":\"/spec/template/spec/containers/1/image\",\"value\":\"nginx:1.27\"}");
        assertThat(patch.get(1).toString()).isEqualTo(
                "{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/1/image\",\"value\":\"" + pinned
                        + "\"}");
    }
}
