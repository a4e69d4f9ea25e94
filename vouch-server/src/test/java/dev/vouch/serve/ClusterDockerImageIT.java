package dev.vouch.serve;

import static dev.vouch.serve.ClusterServeIT.awaitOrLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.crd.ImageStreamResources;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.TagState;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.trigger.TriggerAnnotation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DockerImage} triggers in a cluster end to end: the fabric8 mock API server in CRUD mode, the real
 * docker-registry, images pushed and signed by skopeo. The images are followed as {@code dockerimage:NAME} with their
 * state in the reserved ImageStream {@code dockerimage}, which vouch creates.
 */
class ClusterDockerImageIT {
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);

    @TempDir
    Path dir;
    ClusterFixture cluster;
    String image;
    StreamTagName tag;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ClusterFixture(dir.resolve("registry"));
        image = cluster.registry.hostPort() + "/team/direct:1";
        tag = DockerImageTags.name(ImageReference.parse(image));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    String pinned(Digest digest) {
        return cluster.pinned("team/direct", digest);
    }

    GenericKubernetesResource reserved() {
        return cluster.client.genericKubernetesResources(ImageStreamResources.context())
                .inNamespace(ClusterFixture.STREAMS).withName(DockerImageTags.STREAM).get();
    }

    @Test
    void aDockerImageTriggerIsRolledOutRejectedAndDroppedWithItsStateInTheReservedResource() throws Exception {
        cluster.deployment("web", "DockerImage", image, false);
        cluster.deployment("held", "DockerImage", cluster.registry.hostPort() + "/team/held:1", true);
        Digest signed = cluster.push(fixture, "team/direct:1", "direct-signed", true);
        StreamConfig config = ClusterFixture.config(dir, fixture);
        StringWriter logs = new StringWriter();
        try (ClusterServe serve = ClusterFixture.replica(config, cluster.client, fixture, "only", logs,
                UnaryOperator.identity())) {
            awaitOrLog("the signed digest in the Deployment", Duration.ofSeconds(60),
                    () -> cluster.image("web").equals(pinned(signed)), logs);
            assertThat(serve.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(cluster.events("web", "ImageRolledOut")).singleElement().satisfies(e -> assertThat(
                    e.getMessage()).contains(pinned(signed), tag.toString(), "signed by"));
            assertThat(cluster.events("web", "TriggerRefused")).isEmpty();

            // The state is in the status of the resource vouch created, which is no stream of its own.
            GenericKubernetesResource resource = reserved();
            assertThat(resource.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "vouch");
            assertThat(resource.getAdditionalProperties().get("spec")).isEqualTo(Map.of("tags", List.of()));
            assertThat(resource.getAdditionalProperties().get("status").toString()).contains(tag.tag(),
                    signed.toString());
            KubernetesStateStore state = KubernetesStateStore.open(cluster.client, ClusterFixture.STREAMS);
            ServeIT.await("the rollout recorded", Duration.ofSeconds(10), () -> cluster.rollouts(tag, signed) == 1);
            assertThat(state.tagState(tag).current()).contains(signed);

            // The paused trigger is not followed: its image is no tag, and its Deployment is untouched.
            assertThat(serve.engine().tags()).extracting(StreamTag::name).containsExactly(tag);
            assertThat(state.tagStates()).extracting(TagState::tag).containsExactly(tag);
            assertThat(cluster.image("held")).isEqualTo("example.com/web:original");
            assertThat(cluster.deploymentPatches("held")).isZero();
            assertThat(cluster.events("held", "TriggerRefused")).isEmpty();

            // An unsigned push: recorded as rejected, announced on the workload, nothing patched.
            Digest unsigned = cluster.pushUnsignedAndCheckRejected(serve, fixture, "team/direct", "1", tag, signed,
                    logs);

            // The trigger removed: the image is no longer followed (at once, not at the next periodic rescan); its
            // history stays. A new trigger of the image is followed again and gets the current digest.
            cluster.client.apps().deployments().inNamespace(ClusterFixture.APPS).withName("web").edit(d -> {
                d.getMetadata().getAnnotations().remove(TriggerAnnotation.KEY);
                return d;
            });
            awaitOrLog("the image no longer followed", Duration.ofSeconds(20),
                    () -> serve.engine().tags().isEmpty(), logs);
            assertThat(logs.toString()).contains("\"event\":\"follow.removed\"");
            assertThat(state.history(tag)).extracting(HistoryEntry::digest).containsExactlyInAnyOrder(signed,
                    unsigned);
            cluster.deployment("again", "DockerImage", image, false);
            awaitOrLog("the current digest in the new Deployment", Duration.ofSeconds(20),
                    () -> cluster.image("again").equals(pinned(signed)), logs);
            assertThat(cluster.image("web")).isEqualTo(pinned(signed));
        }
    }

    @Test
    void aUsersStreamNamedDockerimageWithTagsIsInvalidAndNotFollowed() throws Exception {
        CrdFixtures.create(cluster.client, CrdFixtures.resource(ClusterFixture.STREAMS, DockerImageTags.STREAM,
                Map.of("tags", List.of(Map.of("name", "web", "from", "docker://" + image)))));
        StringWriter logs = new StringWriter();
        try (ClusterServe serve = ClusterFixture.replica(ClusterFixture.config(dir, fixture), cluster.client,
                fixture, "only", logs, UnaryOperator.identity())) {
            awaitOrLog("the resource reported invalid", Duration.ofSeconds(20),
                    () -> logs.toString().contains("\"event\":\"imagestream.invalid\""), logs);
            assertThat(logs.toString()).contains("imagestream vouch/dockerimage: metadata.name: the stream name"
                    + " \\\"dockerimage\\\" is reserved");
            assertThat(serve.engine().tags()).isEmpty();
        }
    }
}
