package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PodImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @EnumSource(AdmittedKind.class)
    void findsEveryContainerListWithTheJsonPointerOfItsImage(AdmittedKind kind) throws Exception {
        String spec = "{\"initContainers\":[" + Reviews.container("setup", "quay.io/team/setup:1") + "],"
                + "\"containers\":[" + Reviews.container("web", "nginx:1.27") + ","
                + Reviews.container("sidecar", "registry.example.com/proxy@sha256:" + "a".repeat(64)) + "],"
                + "\"ephemeralContainers\":[" + Reviews.container("debug", "busybox") + "]}";
        List<ImageSite> sites = PodImages.of(kind, json(Reviews.object(kind, spec)));
        String at = kind.podSpecPointer();
        assertThat(sites).containsExactly(
                new ImageSite(at + "/initContainers/0/image", "initContainers", "setup", "quay.io/team/setup:1"),
                new ImageSite(at + "/containers/0/image", "containers", "web", "nginx:1.27"),
                new ImageSite(at + "/containers/1/image", "containers", "sidecar",
                        "registry.example.com/proxy@sha256:" + "a".repeat(64)),
                new ImageSite(at + "/ephemeralContainers/0/image", "ephemeralContainers", "debug", "busybox"));
        for (ImageSite site : sites) {
            assertThat(json(Reviews.object(kind, spec)).at(site.pointer()).asText()).isEqualTo(site.image());
        }
    }

    @Test
    void aTemplateMayLeaveTheImageOutButAPodMayNot() throws Exception {
        String spec = "{\"containers\":[{\"name\":\"web\"}]}";
        assertThat(PodImages.of(AdmittedKind.DEPLOYMENT, json(Reviews.object(AdmittedKind.DEPLOYMENT, spec))))
                .isEmpty();
        assertThatThrownBy(() -> PodImages.of(AdmittedKind.POD, json(Reviews.object(AdmittedKind.POD, spec))))
                .hasMessage("request.object.spec.containers[0].image: must be a non-empty string");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(AdmittedKind.POD, "{\"kind\":\"Pod\"}",
                        "request.object.spec: must be an object (a Pod without a pod spec)"),
                Arguments.of(AdmittedKind.CRON_JOB, "{\"spec\":{\"jobTemplate\":{}}}",
                        "request.object.spec.jobTemplate.spec.template.spec: must be an object"),
                Arguments.of(AdmittedKind.POD, "{\"spec\":{\"containers\":{\"name\":\"web\"}}}",
                        "request.object.spec.containers: must be a list"),
                Arguments.of(AdmittedKind.POD, "{\"spec\":{\"containers\":[\"nginx\"]}}",
                        "request.object.spec.containers[0]: must be an object"),
                Arguments.of(AdmittedKind.POD, "{\"spec\":{\"initContainers\":[{\"image\":\"nginx\"}]}}",
                        "request.object.spec.initContainers[0].name: must be a non-empty string"),
                Arguments.of(AdmittedKind.DEPLOYMENT,
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":7}]}}}}",
                        "request.object.spec.template.spec.containers[0].image: must be a non-empty string"),
                Arguments.of(AdmittedKind.POD, "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"\"}]}}",
                        "request.object.spec.containers[0].image: must be a non-empty string"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedPodSpecIsRefusedNamingTheField(AdmittedKind kind, String object, String message) {
        assertThatThrownBy(() -> PodImages.of(kind, json(object)))
                .isInstanceOf(InvalidAdmissionRequestException.class).hasMessageStartingWith(message);
    }
}
