package dev.vouch.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            spec.template.spec.containers[?(@.name=="web")].image                 | TEMPLATE     | false | web    | -1
            spec.template.spec.initContainers[?(@.name=="migrate")].image         | TEMPLATE     | true  | migrate | -1
            spec.template.spec.containers[0].image                                | TEMPLATE     | false |        | 0
            spec.template.spec.initContainers[12].image                           | TEMPLATE     | true  |        | 12
            spec.jobTemplate.spec.template.spec.containers[?(@.name=="job")].image | JOB_TEMPLATE | false | job    | -1
            spec.jobTemplate.spec.template.spec.initContainers[1].image           | JOB_TEMPLATE | true  |        | 1
            spec.template.spec.containers[?(@.name=="a-1")].image                 | TEMPLATE     | false | a-1    | -1
            """)
    void acceptsTheFormsOpenShiftResolves(String value, PodSpecPath podSpec, boolean init, String name, int index)
            throws InvalidTriggerException {
        FieldPath path = FieldPath.parse(value);
        assertThat(path.podSpec()).isEqualTo(podSpec);
        assertThat(path.initContainers()).isEqualTo(init);
        assertThat(path.containerName().orElse(null)).isEqualTo(name);
        assertThat(path.containerIndex().orElse(-1)).isEqualTo(index);
        assertThat(path.toString()).isEqualTo(value);
    }

    @ParameterizedTest(name = "[{index}] <{0}>")
    @ValueSource(strings = {
        "",
        "spec.template.spec.containers[?(@.name==\"web\")]",
        "spec.template.spec.containers[?(@.name==\"web\")].imagePullPolicy",
        "spec.template.spec.containers[?(@.name==\"web\")].image.x",
        "spec.template.spec.containers[?(@.name=='web')].image",
        "spec.template.spec.containers[?(@.name == \"web\")].image",
        "spec.template.spec.containers[?(@.name==\"Web\")].image",
        "spec.template.spec.containers[?(@.name==\"\")].image",
        "spec.template.spec.containers[?(@.name==\"-web\")].image",
        "spec.template.spec.containers[?(@.name==\"a.b\")].image",
        "spec.template.spec.containers[-1].image",
        "spec.template.spec.containers[+1].image",
        "spec.template.spec.containers[01].image",
        "spec.template.spec.containers[1234567890].image",
        "spec.template.spec.containers[].image",
        "spec.template.spec.ephemeralContainers[0].image",
        "spec.containers[0].image",
        "template.spec.containers[0].image",
        "spec.jobTemplate.spec.containers[0].image",
        " spec.template.spec.containers[0].image",
        "spec.template.spec.containers[0].image ",
        "spec.template.spec.containers[0]image",
        "spec.template.spec.containers.0.image",
        "spec.template.spec.containers[*].image",
    })
    void rejectsEverythingElse(String value) {
        assertThatThrownBy(() -> FieldPath.parse(value)).isInstanceOf(InvalidTriggerException.class)
                .hasMessageContaining("\"" + value + "\"");
    }

    @org.junit.jupiter.api.Test
    void writesTheFormOcSetTriggersWrites() throws InvalidTriggerException {
        assertThat(FieldPath.ofContainerName(PodSpecPath.JOB_TEMPLATE, "web").toString())
                .isEqualTo("spec.jobTemplate.spec.template.spec.containers[?(@.name==\"web\")].image");
        assertThat(FieldPath.ofContainerName(PodSpecPath.TEMPLATE, "web"))
                .isEqualTo(FieldPath.parse("spec.template.spec.containers[?(@.name==\"web\")].image"));
    }
}
