package dev.vouch.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.stream.InvalidStreamConfigException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The reserved ImageStream {@code dockerimage}: what is taken for it, and a user's stream of that name refused. */
class ReservedImageStreamTest {
    static final List<Map<String, Object>> TAGS = List.of(Map.of("name", "web", "from", "docker://h.io/web:1"));

    static Stream<Arguments> resources() {
        Map<String, Object> nullTags = new HashMap<>();
        nullTags.put("tags", null);
        return Stream.of(
                Arguments.of("vouch's own", ImageStreamResources.dockerImageState("vouch"), true),
                Arguments.of("empty tags, made by a user", CrdFixtures.resource("vouch", "dockerimage",
                        Map.of("tags", List.of())), true),
                Arguments.of("a spec without tags", CrdFixtures.resource("vouch", "dockerimage", Map.of()), true),
                Arguments.of("tags null", CrdFixtures.resource("vouch", "dockerimage", nullTags), true),
                Arguments.of("with tags", CrdFixtures.resource("vouch", "dockerimage", Map.of("tags", TAGS)), false),
                Arguments.of("another field", CrdFixtures.resource("vouch", "dockerimage", Map.of("tags", List.of(),
                        "paused", true)), false),
                Arguments.of("no spec", CrdFixtures.resource("vouch", "dockerimage", null), false),
                Arguments.of("tags not a list", CrdFixtures.resource("vouch", "dockerimage", Map.of("tags", "")),
                        false),
                Arguments.of("another name, no tags", CrdFixtures.resource("vouch", "web", Map.of("tags", List.of())),
                        false));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("resources")
    void theReservedResourceIsNamedDockerimageWithNoTags(String name, GenericKubernetesResource resource,
                                                          boolean reserved) {
        assertThat(ImageStreamResources.isDockerImageState(resource)).isEqualTo(reserved);
    }

    @Test
    void vouchsOwnIsLabelledAndHasNoStatus() {
        GenericKubernetesResource resource = ImageStreamResources.dockerImageState("vouch");
        assertThat(resource.getApiVersion()).isEqualTo("vouch.dev/v1alpha1");
        assertThat(resource.getKind()).isEqualTo("ImageStream");
        assertThat(resource.getMetadata().getNamespace()).isEqualTo("vouch");
        assertThat(resource.getMetadata().getLabels()).isEqualTo(Map.of("app.kubernetes.io/managed-by", "vouch"));
        assertThat(resource.getAdditionalProperties()).containsOnlyKeys("spec");
    }

    @Test
    void aUsersStreamNamedDockerimageWithTagsIsRefusedAsVouchYamlRefusesTheName() {
        assertThatThrownBy(() -> ImageStreamResources.toImageStream(CrdFixtures.resource("vouch", "dockerimage",
                Map.of("tags", TAGS)))).isInstanceOf(InvalidStreamConfigException.class)
                .hasMessage("imagestream vouch/dockerimage: metadata.name: the stream name \"dockerimage\" is reserved"
                        + " for the images DockerImage triggers follow directly");
    }

    /** The CRD accepts the reserved resource (no tags) and refuses tags in it; every other stream has a tag. */
    @Test
    @SuppressWarnings("unchecked")
    void theCrdsRuleAllowsNoTagsOnlyInTheReservedStream() throws Exception {
        Map<String, Object> schema = CrdFixtures.openApiSchema();
        assertThat(ImageStreamResourcesTest.at(schema, "spec", "tags")).doesNotContainKey("minItems");
        assertThat((List<String>) ImageStreamResourcesTest.at(schema, "spec").get("required")).contains("tags");
        assertThat((List<Map<String, Object>>) schema.get("x-kubernetes-validations")).singleElement()
                .satisfies(rule -> assertThat(rule.get("rule")).isEqualTo("self.metadata.name == 'dockerimage'"
                        + " ? size(self.spec.tags) == 0 : size(self.spec.tags) >= 1"));
    }
}
