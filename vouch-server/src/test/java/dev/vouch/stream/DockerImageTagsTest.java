package dev.vouch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.ImageReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DockerImageTagsTest {

    @ParameterizedTest(name = "{0} is followed as {1}")
    @CsvSource(delimiter = '|', value = {
        "quay.io/team/app:1.4                    | dockerimage:quay.io_team_app_-1.4",
        "busybox:1.36                            | dockerimage:docker.io_library_busybox_-1.36",
        "index.docker.io/library/busybox:1.36    | dockerimage:docker.io_library_busybox_-1.36",
        "localhost:5000/my_app:v1                | dockerimage:localhost_-5000_my_.app_-v1",
        "h.io/a__b/c-d.e:_x                      | dockerimage:h.io_a_._.b_c-d.e_-_.x",
        "h.io/a/b/c:latest                       | dockerimage:h.io_a_b_c_-latest",
        "Registry.Example.com/app:Tag_-1         | dockerimage:Registry.Example.com_app_-Tag_.-1",
        "127.0.0.1:5000/team/app:prod            | dockerimage:127.0.0.1_-5000_team_app_-prod",
    })
    void aTaggedReferenceIsNamedOneToOneAndDecodedBack(String image, String expected) {
        ImageReference reference = ImageReference.parse(image);
        StreamTagName name = DockerImageTags.name(reference);
        assertThat(name).hasToString(expected);
        assertThat(StreamTagName.parse(expected)).isEqualTo(name);
        assertThat(DockerImageTags.isDirect(name)).isTrue();
        assertThat(DockerImageTags.reference(name)).isEqualTo(reference);
    }

    @Test
    void referencesThatDifferOnlyInSeparatorsGetDifferentNames() {
        List<String> images = List.of("h.io/a/b:t", "h.io/a_b:t", "h.io/a__b:t", "h.io/a-b:t", "h.io/a.b:t",
                "h.io:5000/a:t", "h.io/a:5000", "h.io/a:t_", "h.io/a:t-", "h.io/a/b:_t", "h.io/a:b_-t", "h.io/a:b_.t",
                "h.io/a--b:t");
        Set<StreamTagName> names = new HashSet<>();
        for (String image : images) {
            ImageReference reference = ImageReference.parse(image);
            StreamTagName name = DockerImageTags.name(reference);
            assertThat(names.add(name)).as(image).isTrue();
            assertThat(DockerImageTags.reference(name)).as(image).isEqualTo(reference);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "h.io/app                                | must name a tag to follow and no digest",
        "h.io/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | must name a tag",
        "[::1]:5000/app:1                        | IPv6 address cannot be followed directly",
    })
    void referencesThatCannotBeFollowedDirectlyAreRefused(String image, String problem) {
        ImageReference reference = ImageReference.parse(image);
        assertThat(DockerImageTags.problem(reference)).get().asString().contains(problem);
        assertThatThrownBy(() -> DockerImageTags.name(reference)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void aReferenceWhoseNameWouldExceedATagIsRefused() {
        ImageReference fits = ImageReference.parse("h.io/" + "a".repeat(120) + ":t");
        assertThat(DockerImageTags.name(fits).tag()).hasSize(128);
        ImageReference tooLong = ImageReference.parse("h.io/" + "a".repeat(121) + ":t");
        assertThat(DockerImageTags.problem(tooLong)).get().asString().contains("too long to be followed directly");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dockerimage:foo", "dockerimage:h.io_app", "dockerimage:h.io__app_-1",
        "dockerimage:h.io_-_-1", "dockerimage:docker.io_busybox_-1", "dockerimage:H.io_App_-1", "web:prod"})
    void aNameThatIsNoDirectlyFollowedImageIsRefused(String text) {
        assertThatThrownBy(() -> DockerImageTags.reference(StreamTagName.parse(text)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTagFollowsTheRegistryTagAndIsNeverPaused() {
        StreamTag tag = DockerImageTags.tag(ImageReference.parse("quay.io/team/app:1.4"), Duration.ofMinutes(5));
        assertThat(tag.name()).hasToString("dockerimage:quay.io_team_app_-1.4");
        assertThat(tag.from().text()).isEqualTo("docker://quay.io/team/app:1.4");
        assertThat(tag.from().reference()).isInstanceOfSatisfying(DockerTransportReference.class,
                docker -> assertThat(docker.dockerReference()).contains(ImageReference.parse("quay.io/team/app:1.4")));
        assertThat(tag.importInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(tag.paused()).isFalse();
        assertThat(tag).isEqualTo(DockerImageTags.tag(tag.name(), Duration.ofMinutes(5)));
    }

    @Test
    void aConfigurationResolvesDirectlyFollowedNamesAndRefusesTheReservedStream() {
        StreamTag web = new StreamTag(StreamTagName.parse("web:prod"),
                TagSource.parse("docker://quay.io/team/web:1", Path.of("/")), StreamTag.DEFAULT_IMPORT_INTERVAL, false);
        StreamConfig config = new StreamConfig(Path.of("/vouch.yaml"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Path.of("/state.db"),
                List.of(new ImageStream("web", List.of(web))), new ServeSettings("127.0.0.1", 0, Optional.empty(),
                Duration.ofMinutes(2)), Optional.empty());
        assertThat(config.resolve(web.name())).contains(web);
        assertThat(config.resolve(StreamTagName.parse("web:other"))).isEmpty();
        assertThat(config.resolve(StreamTagName.parse("dockerimage:quay.io_team_app_-1.4"))).get()
                .satisfies(t -> assertThat(t.importInterval()).isEqualTo(Duration.ofMinutes(2)));
        assertThat(config.resolve(StreamTagName.parse("dockerimage:nothing"))).isEmpty();

        StreamTag reserved = new StreamTag(new StreamTagName(DockerImageTags.STREAM, "a"), web.from(),
                StreamTag.DEFAULT_IMPORT_INTERVAL, false);
        assertThatThrownBy(() -> new StreamConfig(Path.of("/vouch.yaml"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Path.of("/state.db"),
                List.of(new ImageStream(DockerImageTags.STREAM, List.of(reserved)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }
}
