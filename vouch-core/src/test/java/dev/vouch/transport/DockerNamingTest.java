package dev.vouch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerNamingTest {

    @Test
    void listsRepositoryNamespacesHostThenWildcards() {
        assertThat(DockerNaming.namespaces(ImageReference.parse("a.b.example.com/ns/sub/app:1"))).containsExactly(
                "a.b.example.com/ns/sub/app", "a.b.example.com/ns/sub", "a.b.example.com/ns", "a.b.example.com",
                "*.b.example.com", "*.example.com", "*.com");
    }

    @Test
    void wildcardsDropThePortButHostScopesKeepIt() {
        assertThat(DockerNaming.namespaces(ImageReference.parse("registry.example.com:5000/app@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))).containsExactly(
                "registry.example.com:5000/app", "registry.example.com:5000", "*.example.com", "*.com");
    }

    @Test
    void hostsWithoutDotsHaveNoWildcards() {
        assertThat(DockerNaming.namespaces(ImageReference.parse("localhost:5000/app:1")))
                .isEqualTo(List.of("localhost:5000/app", "localhost:5000"));
        assertThat(DockerNaming.namespaces(ImageReference.parse("busybox")))
                .isEqualTo(List.of("docker.io/library/busybox", "docker.io/library", "docker.io", "*.io"));
    }

    @Test
    void identityNeedsExactlyOneOfTagAndDigest() {
        assertThat(DockerNaming.identity(ImageReference.parse("busybox:1"))).isEqualTo("docker.io/library/busybox:1");
        assertThatThrownBy(() -> DockerNaming.identity(ImageReference.parse("busybox")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
