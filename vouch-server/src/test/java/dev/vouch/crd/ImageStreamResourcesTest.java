package dev.vouch.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.stream.ImageStream;
import dev.vouch.stream.InvalidStreamConfigException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ImageStream resources read into streams, strictly, and the CRD's schema in step with that reading. */
class ImageStreamResourcesTest {
    static Map<String, Object> tag(Object... keysAndValues) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no spec", null, "imagestream team/web: spec: must be a mapping"),
                Arguments.of("unknown spec key", Map.of("tags", List.of(tag("name", "a", "from", "docker://h.io/r:t")),
                        "triggers", 1), "imagestream team/web: spec.triggers: unknown key"),
                Arguments.of("no tags", Map.of(), "imagestream team/web: spec: a stream needs tags"),
                Arguments.of("empty tags", Map.of("tags", List.of()),
                        "imagestream team/web: spec.tags: a stream needs at least one tag"),
                Arguments.of("tag defined twice", Map.of("tags", List.of(tag("name", "a", "from", "docker://h.io/r:t"),
                        tag("name", "a", "from", "docker://h.io/r:u"))),
                        "imagestream team/web: spec.tags[1].name: tag \"a\" is already defined by spec.tags[0]"),
                Arguments.of("invalid tag name", Map.of("tags", List.of(tag("name", "-x", "from", "docker://h.io/r:t"))),
                        "imagestream team/web: spec.tags[0].name: invalid tag name \"-x\""),
                Arguments.of("an OCI layout", Map.of("tags", List.of(tag("name", "a", "from", "oci:/srv/layout"))),
                        "imagestream team/web: spec.tags[0].from: expected docker://HOST/REPO:TAG (a resource follows"),
                Arguments.of("a directory", Map.of("tags", List.of(tag("name", "a", "from", "dir:/etc"))),
                        "imagestream team/web: spec.tags[0].from: expected docker://HOST/REPO:TAG"),
                Arguments.of("a digest", Map.of("tags", List.of(tag("name", "a", "from", "docker://h.io/r@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))),
                        "imagestream team/web: spec.tags[0].from: a stream tag follows a tag, not a digest"),
                Arguments.of("an invalid reference", Map.of("tags", List.of(tag("name", "a", "from", "docker://H/R"))),
                        "imagestream team/web: spec.tags[0].from: "),
                Arguments.of("interval below the minimum", Map.of("tags", List.of(tag("name", "a", "from",
                        "docker://h.io/r:t", "importInterval", "29s"))),
                        "imagestream team/web: spec.tags[0].importInterval: must be at least 30s, got 29s"),
                Arguments.of("interval as a number", Map.of("tags", List.of(tag("name", "a", "from",
                        "docker://h.io/r:t", "importInterval", 60))),
                        "imagestream team/web: spec.tags[0].importInterval: must be a string"),
                Arguments.of("paused as a string", Map.of("tags", List.of(tag("name", "a", "from",
                        "docker://h.io/r:t", "paused", "true"))),
                        "imagestream team/web: spec.tags[0].paused: must be true or false"),
                Arguments.of("missing from", Map.of("tags", List.of(tag("name", "a"))),
                        "imagestream team/web: spec.tags[0]: from is required: docker://HOST/REPO:TAG"),
                Arguments.of("unknown tag key", Map.of("tags", List.of(tag("name", "a", "from", "docker://h.io/r:t",
                        "policy", "x"))), "imagestream team/web: spec.tags[0].policy: unknown key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsAnInvalidSpecWithOneLineNamingTheField(String name, Object spec, String expected) {
        GenericKubernetesResource resource = CrdFixtures.resource("team", "web", spec);
        assertThatThrownBy(() -> ImageStreamResources.toImageStream(resource))
                .isInstanceOfSatisfying(InvalidStreamConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.getMessage()).startsWith(expected).doesNotContain("\n");
                });
    }

    @Test
    void rejectsAResourceOfAnotherKind() {
        GenericKubernetesResource resource = CrdFixtures.stream("team", "web", "prod");
        resource.setKind("Deployment");
        assertThatThrownBy(() -> ImageStreamResources.toImageStream(resource))
                .isInstanceOf(InvalidStreamConfigException.class).hasMessageContaining("expected apiVersion vouch.dev");
    }

    // --- the CRD's schema against the Java reading

    @SuppressWarnings("unchecked")
    static Map<String, Object> crdSchema() throws Exception {
        Map<String, Object> spec = (Map<String, Object>) CrdFixtures.crd().get("spec");
        Map<String, Object> names = (Map<String, Object>) spec.get("names");
        assertThat(spec.get("group")).isEqualTo(ImageStreamResources.GROUP);
        assertThat(CrdFixtures.crdVersion().get("name")).isEqualTo(ImageStreamResources.VERSION);
        assertThat(names.get("plural")).isEqualTo(ImageStreamResources.PLURAL);
        assertThat(names.get("kind")).isEqualTo(ImageStreamResources.KIND);
        assertThat(spec.get("scope")).isEqualTo("Namespaced");
        assertThat((Map<String, Object>) CrdFixtures.crdVersion().get("subresources")).containsKey("status");
        return CrdFixtures.openApiSchema();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> schema, String... path) {
        Map<String, Object> node = schema;
        for (String step : path) {
            node = step.equals("[]") ? (Map<String, Object>) node.get("items")
                    : (Map<String, Object>) ((Map<String, Object>) node.get("properties")).get(step);
        }
        return node;
    }

    @Test
    void theSchemaDeclaresExactlyTheFieldsTheParserReads() throws Exception {
        Map<String, Object> tags = at(crdSchema(), "spec", "tags", "[]");
        assertThat(((Map<String, Object>) at(crdSchema(), "spec").get("properties")).keySet())
                .containsExactly("tags");
        assertThat(((Map<String, Object>) tags.get("properties")).keySet())
                .containsExactlyInAnyOrder("name", "from", "importInterval", "paused");
        assertThat((List<String>) tags.get("required")).containsExactlyInAnyOrder("name", "from");
        assertThat(at(crdSchema(), "status", "tags", "[]", "history").get("maxItems"))
                .isEqualTo(dev.vouch.store.KubernetesStateStore.MAX_HISTORY);
        assertThat(at(crdSchema(), "status", "tags", "[]", "failures").get("maxItems"))
                .isEqualTo(dev.vouch.store.StateStore.MAX_FAILURES_KEPT);
        assertThat(at(crdSchema(), "status", "tags", "[]", "history", "[]", "rollouts").get("maxItems"))
                .isEqualTo(dev.vouch.store.KubernetesStateStore.MAX_ROLLOUTS_PER_ENTRY);
    }

    /**
     * Values of each spec field, each run through the schema's pattern and through the parser: where the schema
     * refuses, the parser refuses too; where the schema accepts, so does the parser, unless the row says what only
     * vouch can check (the 30 s minimum, the image reference grammar).
     */
    static Stream<Arguments> fieldValues() {
        return Stream.of(
                Arguments.of("name", "prod", true, true),
                Arguments.of("name", "v1.2_3-rc", true, true),
                Arguments.of("name", "_x", true, true),
                Arguments.of("name", "-x", false, false),
                Arguments.of("name", ".x", false, false),
                Arguments.of("name", "a/b", false, false),
                Arguments.of("name", "a".repeat(128), true, true),
                Arguments.of("name", "a".repeat(129), false, false),
                Arguments.of("from", "docker://h.io/r:t", true, true),
                Arguments.of("from", "docker://busybox", true, true),
                Arguments.of("from", "docker://h.io/r@sha256:" + "0".repeat(64), false, false),
                Arguments.of("from", "oci:/srv/layout", false, false),
                Arguments.of("from", "h.io/r:t", false, false),
                Arguments.of("from", "docker://H/R", true, false),
                Arguments.of("importInterval", "30s", true, true),
                Arguments.of("importInterval", "15m", true, true),
                Arguments.of("importInterval", "1h30m", true, true),
                Arguments.of("importInterval", "1h2m3s", true, true),
                Arguments.of("importInterval", "29s", true, false),
                Arguments.of("importInterval", "", false, false),
                Arguments.of("importInterval", "1m1h", false, false),
                Arguments.of("importInterval", "1.5m", false, false),
                Arguments.of("importInterval", "1d", false, false),
                Arguments.of("importInterval", "15", false, false));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("fieldValues")
    void theSchemasPatternsAgreeWithTheParser(String field, String value, boolean schemaAccepts,
                                              boolean parserAccepts) throws Exception {
        Map<String, Object> property = at(crdSchema(), "spec", "tags", "[]", field);
        boolean matches = Pattern.compile((String) property.get("pattern")).matcher(value).find()
                && value.length() <= ((Number) property.getOrDefault("maxLength", Integer.MAX_VALUE)).intValue();
        assertThat(matches).as("schema").isEqualTo(schemaAccepts);
        Map<String, Object> tag = tag("name", "prod", "from", "docker://h.io/r:t");
        tag.put(field, value);
        boolean parsed;
        try {
            ImageStreamResources.toImageStream(CrdFixtures.resource("team", "web", Map.of("tags", List.of(tag))));
            parsed = true;
        } catch (InvalidStreamConfigException e) {
            parsed = false;
        }
        assertThat(parsed).as("parser").isEqualTo(parserAccepts);
        if (!schemaAccepts) {
            assertThat(parsed).as("what the schema refuses, vouch refuses").isFalse();
        }
    }
}
