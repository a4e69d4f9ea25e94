package dev.vouch.kubetarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.manifests.Container;
import dev.vouch.trigger.PodSpecPath;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImagePatchTest {

    static Container container(String name, boolean init, int index) {
        return new Container(name, init, index, Optional.of("old:1"), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
            "TEMPLATE,     false, 0, /spec/template/spec/containers/0/image",
            "TEMPLATE,     false, 2, /spec/template/spec/containers/2/image",
            "TEMPLATE,     true,  1, /spec/template/spec/initContainers/1/image",
            "JOB_TEMPLATE, false, 0, /spec/jobTemplate/spec/template/spec/containers/0/image",
            "JOB_TEMPLATE, true,  0, /spec/jobTemplate/spec/template/spec/initContainers/0/image",
    })
    void pointsAtTheContainersImage(PodSpecPath podSpec, boolean init, int index, String pointer) {
        assertThat(new ImagePatch.ImageChange(podSpec, container("c", init, index), "x@sha256:1").pointer())
                .isEqualTo(pointer);
    }

    @Test
    void setsTheResourceVersionFirstThenOnlyTheImages() {
        String patch = ImagePatch.of("42", List.of(
                new ImagePatch.ImageChange(PodSpecPath.TEMPLATE, container("web", false, 0), "h.io/web@sha256:aa"),
                new ImagePatch.ImageChange(PodSpecPath.TEMPLATE, container("init", true, 0), "h.io/i\"x@sha256:bb")));
        assertThat(patch).isEqualTo("["
                + "{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"42\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"h.io/web@sha256:aa\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/template/spec/initContainers/0/image\","
                + "\"value\":\"h.io/i\\\"x@sha256:bb\"}]");
    }

    @Test
    void refusesAPatchWithoutChanges() {
        assertThatThrownBy(() -> ImagePatch.of("1", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
