package dev.vouch.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerAnnotationTest {
    private static final String WEB = "spec.template.spec.containers[?(@.name==\\\"web\\\")].image";
    private static final String VALID = "{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"app:latest\"},"
            + "\"fieldPath\":\"" + WEB + "\"}";

    @Test
    void readsWhatOcSetTriggersWrites() throws InvalidTriggerException {
        String oc = "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"app:latest\",\"namespace\":\"builds\"},"
                + "\"fieldPath\":\"" + WEB + "\",\"paused\":true},"
                + "{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"tools:1.2\"},"
                + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"sidecar\\\")].image\"}]";
        List<Trigger> triggers = TriggerAnnotation.parse(oc);
        assertThat(triggers).hasSize(2);
        assertThat(triggers.get(0).from()).isEqualTo(new ImageStreamTagSource("app", "latest", Optional.of("builds")));
        assertThat(triggers.get(0).paused()).isTrue();
        assertThat(triggers.get(0).fieldPath().containerName()).contains("web");
        assertThat(triggers.get(1).from()).isEqualTo(new ImageStreamTagSource("tools", "1.2", Optional.empty()));
        assertThat(triggers.get(1).paused()).isFalse();
        assertThat(TriggerAnnotation.write(triggers)).isEqualTo(oc);
    }

    @Test
    void readsPrettyPrintedJsonAndDockerImageSources() throws InvalidTriggerException {
        List<Trigger> triggers = TriggerAnnotation.parse("""
                [ {
                  "from" : { "kind" : "DockerImage", "name" : "quay.io/team/app:1.4" },
                  "fieldPath" : "spec.jobTemplate.spec.template.spec.initContainers[0].image",
                  "paused" : false
                } ]
                """);
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(new DockerImageSource("quay.io/team/app:1.4"));
            assertThat(((DockerImageSource) t.from()).reference().toString()).isEqualTo("quay.io/team/app:1.4");
            assertThat(t.fieldPath().containerIndex()).hasValue(0);
        });
        assertThat(TriggerAnnotation.write(triggers)).isEqualTo("[{\"from\":{\"kind\":\"DockerImage\","
                + "\"name\":\"quay.io/team/app:1.4\"},\"fieldPath\":"
                + "\"spec.jobTemplate.spec.template.spec.initContainers[0].image\"}]");
    }

    @Test
    void nullAndEmptyArrayMeanNoTriggers() throws InvalidTriggerException {
        assertThat(TriggerAnnotation.parse("null")).isEmpty();
        assertThat(TriggerAnnotation.parse(" [ ] ")).isEmpty();
        assertThat(TriggerAnnotation.write(List.of())).isEqualTo("[]");
    }

    @Test
    void anEmptyNamespaceMeansTheWorkloadsOwn() throws InvalidTriggerException {
        Trigger trigger = TriggerAnnotation.parse("[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"app:v1\","
                + "\"namespace\":\"\"},\"fieldPath\":\"" + WEB + "\"}]").get(0);
        assertThat(((ImageStreamTagSource) trigger.from()).namespace()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON                       | [{                                     | triggers: invalid JSON
            not an array                   | {}                                     | triggers: expected a JSON array
            trailing data                  | [] []                                  | triggers: unexpected data
            element not an object          | ["x"]                                  | triggers[0]: expected a JSON object
            unknown member                 | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP","pause":true}] | triggers[0].pause: unknown field
            other casing                   | [{"From":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP"}] | triggers[0].From: unknown field
            repeated member                | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP","fieldPath":"FP"}] | triggers[0].fieldPath: repeated
            paused a string                | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP","paused":"true"}] | triggers[0].paused: expected true or false
            paused null                    | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP","paused":null}] | triggers[0].paused: expected true or false
            paused a number                | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP","paused":1}] | triggers[0].paused: expected true or false
            fieldPath missing              | [{"from":{"kind":"ImageStreamTag","name":"a:b"}}] | triggers[0].fieldPath: missing
            fieldPath a number             | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":3}] | triggers[0].fieldPath: expected a string
            fieldPath unsupported          | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.template.spec.containers[0].env"}] | triggers[0].fieldPath: "spec.template.spec.containers[0].env" is not a supported field path
            from missing                   | [{"fieldPath":"FP"}]                   | triggers[0].from: missing
            from a string                  | [{"from":"a:b","fieldPath":"FP"}]      | triggers[0].from: expected a JSON object
            kind missing                   | [{"from":{"name":"a:b"},"fieldPath":"FP"}] | triggers[0].from.kind: missing
            kind unsupported               | [{"from":{"kind":"ImageStream","name":"a"},"fieldPath":"FP"}] | triggers[0].from.kind: "ImageStream" is not supported
            kind null                      | [{"from":{"kind":null,"name":"a:b"},"fieldPath":"FP"}] | triggers[0].from.kind: expected a string
            name missing                   | [{"from":{"kind":"ImageStreamTag"},"fieldPath":"FP"}] | triggers[0].from.name: missing
            name without tag               | [{"from":{"kind":"ImageStreamTag","name":"app"},"fieldPath":"FP"}] | triggers[0].from.name: "app" is not an image stream tag
            name with two colons           | [{"from":{"kind":"ImageStreamTag","name":"a:b:c"},"fieldPath":"FP"}] | triggers[0].from.name: "a:b:c" is not an image stream tag
            name uppercase                 | [{"from":{"kind":"ImageStreamTag","name":"App:v1"},"fieldPath":"FP"}] | triggers[0].from.name: "App:v1" is not a valid image stream tag
            name with namespace            | [{"from":{"kind":"ImageStreamTag","name":"ns/app:v1"},"fieldPath":"FP"}] | triggers[0].from.name: "ns/app:v1" is not a valid image stream tag
            name with digest               | [{"from":{"kind":"ImageStreamTag","name":"app@sha256:0123456789012345678901234567890123456789012345678901234567890123"},"fieldPath":"FP"}] | triggers[0].from.name
            bad namespace                  | [{"from":{"kind":"ImageStreamTag","name":"a:b","namespace":"Team_A"},"fieldPath":"FP"}] | triggers[0].from.namespace: "Team_A" is not a valid namespace
            apiVersion                     | [{"from":{"kind":"ImageStreamTag","name":"a:b","apiVersion":"image.openshift.io/v1"},"fieldPath":"FP"}] | triggers[0].from.apiVersion: not supported
            docker image without tag       | [{"from":{"kind":"DockerImage","name":"quay.io/a/b"},"fieldPath":"FP"}] | triggers[0].from.name: "quay.io/a/b" must name a tag
            docker image by digest         | [{"from":{"kind":"DockerImage","name":"quay.io/a/b@sha256:0123456789012345678901234567890123456789012345678901234567890123"},"fieldPath":"FP"}] | must name a tag to follow and no digest
            docker image invalid           | [{"from":{"kind":"DockerImage","name":"Quay.io/A/b:1"},"fieldPath":"FP"}] | triggers[0].from.name: "Quay.io/A/b:1" is not a valid image reference
            docker image with namespace    | [{"from":{"kind":"DockerImage","name":"quay.io/a/b:1","namespace":"x"},"fieldPath":"FP"}] | triggers[0].from.namespace: not allowed
            second entry is checked        | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP"},{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.template.spec.containers[0].image","paused":"no"}] | triggers[1].paused
            duplicate field path           | [{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"FP"},{"from":{"kind":"ImageStreamTag","name":"c:d"},"fieldPath":"FP"}] | triggers[1].fieldPath: the same field path as triggers[0]
            """)
    void rejectsMalformedAnnotationsNamingTheField(String scenario, String json, String message) {
        String value = json.replace("\"FP\"", "\"" + WEB + "\"");
        assertThatThrownBy(() -> TriggerAnnotation.parse(value)).isInstanceOf(InvalidTriggerException.class)
                .hasMessageStartingWith(message.startsWith("must") ? "triggers[0].from.name: " : message)
                .hasMessageContaining(message);
    }

    @Test
    void theValidBaseOfTheRejectionTableIsAccepted() throws InvalidTriggerException {
        assertThat(TriggerAnnotation.parse("[" + VALID + "]")).hasSize(1);
    }
}
