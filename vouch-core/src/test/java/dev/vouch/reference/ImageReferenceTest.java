package dev.vouch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            busybox                                  | docker.io/library/busybox
            busybox:1.36                             | docker.io/library/busybox:1.36
            library/busybox                          | docker.io/library/busybox
            team/app                                 | docker.io/team/app
            team/sub/app:v1                          | docker.io/team/sub/app:v1
            docker.io/busybox                        | docker.io/library/busybox
            index.docker.io/busybox                  | docker.io/library/busybox
            index.docker.io/team/app:x               | docker.io/team/app:x
            quay.io/team/app:1.0                     | quay.io/team/app:1.0
            quay.io/app                              | quay.io/app
            localhost/app                            | localhost/app
            localhost:5000/app:latest                | localhost:5000/app:latest
            127.0.0.1:5000/a/b                       | 127.0.0.1:5000/a/b
            [::1]:5000/app                           | [::1]:5000/app
            [fe80::1]/app:t                          | [fe80::1]/app:t
            Registry/app                             | Registry/app
            a.b.example.com/x_y/z__w/q-r---s/t.u     | a.b.example.com/x_y/z__w/q-r---s/t.u
            example.com:443/ns/app:Tag_1.0-rc        | example.com:443/ns/app:Tag_1.0-rc
            """)
    void normalizesAcceptedForms(String input, String normalized) {
        assertThat(ImageReference.parse(input).toString()).isEqualTo(normalized);
    }

    @Test
    void keepsTagAndDigestTogether() {
        ImageReference reference = ImageReference.parse("quay.io/a/b:1@sha256:" + HEX);
        assertThat(reference.tag()).contains("1");
        assertThat(reference.digest()).contains(Digest.parse("sha256:" + HEX));
        assertThat(reference.toString()).isEqualTo("quay.io/a/b:1@sha256:" + HEX);
    }

    @Test
    void splitsDomainPathAndHost() {
        ImageReference reference = ImageReference.parse("registry.example.com:5000/team/app:2");
        assertThat(reference.domain()).isEqualTo("registry.example.com:5000");
        assertThat(reference.host()).isEqualTo("registry.example.com");
        assertThat(reference.path()).isEqualTo("team/app");
        assertThat(reference.name()).isEqualTo("registry.example.com:5000/team/app");
        assertThat(ImageReference.parse("[::1]:5000/a").host()).isEqualTo("[::1]");
        assertThat(ImageReference.parse("[::1]/a").host()).isEqualTo("[::1]");
    }

    @ParameterizedTest(name = "{0} rejected: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                        | empty
            UPPER                                     | must be lowercase
            team/App                                  | must be lowercase
            quay.io/Team/app                          | must be lowercase
            0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | 64-character hexadecimal
            a//b                                      | invalid reference format
            a/                                        | invalid reference format
            /a                                        | invalid reference format
            a:                                        | invalid reference format
            a:-tag                                    | invalid reference format
            a:.tag                                    | invalid reference format
            a__-b                                     | invalid reference format
            a...b                                     | invalid reference format
            -a                                        | invalid reference format
            a@sha256:abc                              | invalid reference format
            a@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF | lowercase hexadecimal
            a@md5:0123456789abcdef0123456789abcdef    | unsupported digest algorithm
            a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00 | lowercase hexadecimal
            quay.io:port/a                            | invalid reference format
            -quay.io/a                                | invalid reference format
            quay.io/a b                               | invalid reference format
            """)
    void rejectsInvalidForms(String input, String expectedMessage) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void rejectsTagLongerThan128Characters() {
        String tag = "t".repeat(129);
        assertThatThrownBy(() -> ImageReference.parse("a:" + tag)).isInstanceOf(InvalidReferenceException.class);
        assertThat(ImageReference.parse("a:" + "t".repeat(128)).tag()).contains("t".repeat(128));
    }

    @Test
    void rejectsNamesLongerThan255Characters() {
        String longPath = "a/".repeat(130) + "b";
        assertThatThrownBy(() -> ImageReference.parse("quay.io/" + longPath))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("longer than 255");
    }

    @ParameterizedTest(name = "{0} -> familiar {1}")
    @CsvSource(delimiter = '|', textBlock = """
            busybox                 | busybox
            docker.io/library/b:1   | b:1
            docker.io/team/app      | team/app
            docker.io/library/a/b   | library/a/b
            quay.io/library/b       | quay.io/library/b
            """)
    void printsFamiliarForm(String input, String familiar) {
        assertThat(ImageReference.parse(input).familiarString()).isEqualTo(familiar);
    }

    @Test
    void derivesReferencesWithoutChangingTheRepository() {
        ImageReference reference = ImageReference.parse("quay.io/a/b:1");
        Digest digest = Digest.parse("sha256:" + HEX);
        assertThat(reference.withDigest(digest).toString()).isEqualTo("quay.io/a/b@sha256:" + HEX);
        assertThat(reference.withTag("2").toString()).isEqualTo("quay.io/a/b:2");
        assertThat(reference.repository().isNameOnly()).isTrue();
        assertThat(reference.repository().withDefaultTag().toString()).isEqualTo("quay.io/a/b:latest");
        assertThat(reference.withDefaultTag()).isEqualTo(reference);
        assertThatThrownBy(() -> reference.withTag("bad tag")).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void parsesNormalizedFormOnlyWhenAlreadyNormalized() {
        assertThat(ImageReference.parseNormalizedForm("docker.io/library/busybox:1").path())
                .isEqualTo("library/busybox");
        assertThatThrownBy(() -> ImageReference.parseNormalizedForm("busybox:1"))
                .hasMessageContaining("docker.io/library/busybox:1");
    }

    @Test
    void equalityFollowsTheNormalizedForm() {
        assertThat(ImageReference.parse("busybox")).isEqualTo(ImageReference.parse("docker.io/library/busybox"));
        assertThat(ImageReference.parse("busybox:1")).isNotEqualTo(ImageReference.parse("busybox:2"));
    }
}
