package dev.vouch.crd;

import static dev.vouch.crd.ImageStreamResourcesTest.tag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.stream.ImageStream;
import dev.vouch.stream.StreamTag;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An ImageStream through the fabric8 mock API server (CRUD mode, with the CRD applied) and back into a stream. */
@EnableKubernetesMockClient(crud = true)
class ImageStreamResourceRoundTripTest {
    KubernetesClient client;

    @Test
    void aResourceCreatedOnTheServerReadsBackAsTheStreamItDefines() throws Exception {
        CrdFixtures.installCrd(client);
        CrdFixtures.create(client, CrdFixtures.resource("team", "web", Map.of("tags", List.of(
                tag("name", "prod", "from", "docker://registry.example.com/team/web:1.4"),
                tag("name", "1.0", "from", "docker://busybox", "importInterval", "1h30m", "paused", true)))));
        GenericKubernetesResource read = client.genericKubernetesResources(ImageStreamResources.context())
                .inNamespace("team").withName("web").get();
        ImageStream stream = ImageStreamResources.toImageStream(read);
        assertThat(stream.name()).isEqualTo("web");
        assertThat(stream.tags()).extracting(t -> t.name().toString()).containsExactly("web:prod", "web:1.0");
        StreamTag numbered = stream.tags().get(1);
        assertThat(numbered.from().reference().dockerReference().orElseThrow().toString())
                .isEqualTo("docker.io/library/busybox:latest");
        assertThat(numbered.importInterval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(numbered.paused()).isTrue();
        assertThat(stream.tags().get(0).importInterval()).isEqualTo(StreamTag.DEFAULT_IMPORT_INTERVAL);
    }
}
