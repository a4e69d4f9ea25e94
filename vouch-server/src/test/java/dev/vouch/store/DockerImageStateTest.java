package dev.vouch.store;

import static dev.vouch.store.StoreFixtures.accepted;
import static dev.vouch.store.StoreFixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.crd.ImageStreamResources;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamTagName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state of the images {@code DockerImage} triggers follow, in the reserved ImageStream {@code dockerimage} that
 * {@link KubernetesStateStore} creates on the first write, on the fabric8 mock API server in CRUD mode.
 */
class DockerImageStateTest {
    static final String NAMESPACE = "vouch";
    static final String PATH = "/apis/vouch.dev/v1alpha1/namespaces/" + NAMESPACE + "/imagestreams/dockerimage";
    static final StreamTagName APP = DockerImageTags.name(ImageReference.parse("quay.io/team/app:1.4"));
    static final StreamTagName OTHER = DockerImageTags.name(ImageReference.parse("quay.io/team/other:2"));
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /**
     * Answers the next {@code missingReads} reads of the reserved resource with 404, and its creation with
     * {@code createCode} (0: as the CRUD mode does).
     */
    static final class Dispatcher extends KubernetesCrudDispatcher {
        final AtomicInteger missingReads = new AtomicInteger();
        volatile int createCode;
        final AtomicInteger creates = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath().split("\\?")[0];
            if (request.getMethod().equals("GET") && path.equals(PATH)
                    && missingReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return new MockResponse().setResponseCode(404);
            }
            if (request.getMethod().equals("POST") && path.equals(PATH.substring(0, PATH.lastIndexOf('/')))) {
                creates.incrementAndGet();
                if (createCode != 0) {
                    return new MockResponse().setResponseCode(createCode).setBody("{\"kind\":\"Status\","
                            + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + createCode + "}");
                }
            }
            return super.dispatch(request);
        }
    }

    Dispatcher dispatcher = new Dispatcher();
    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesStateStore store;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        CrdFixtures.installCrd(client);
        store = KubernetesStateStore.open(client, NAMESPACE);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    GenericKubernetesResource reserved() {
        return client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(NAMESPACE)
                .withName(DockerImageTags.STREAM).get();
    }

    @Test
    void theFirstWriteCreatesTheReservedResourceWithNoTagsAndKeepsTheStateInItsStatus() throws Exception {
        assertThat(store.tagState(APP).current()).isEmpty();
        assertThat(reserved()).as("reads create nothing").isNull();
        Digest a = digest("a");
        store.recordVerdict(APP, a, accepted("KEY1"), "sha256:policy", T0);

        GenericKubernetesResource resource = reserved();
        assertThat(resource.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "vouch");
        assertThat(resource.getAdditionalProperties().get("spec")).isEqualTo(Map.of("tags", List.of()));
        assertThat(ImageStreamResources.isDockerImageState(resource)).isTrue();
        assertThat(resource.getAdditionalProperties().get("status").toString()).contains(APP.tag(), a.toString());
        assertThat(store.tagState(APP).current()).contains(a);
        assertThat(store.tagStates()).extracting(TagState::tag).containsExactly(APP);

        assertThat(resource.getAdditionalProperties().get("status").toString())
                .contains("reason=AllTagsCurrent");
        store.recordVerdict(OTHER, a, StoreFixtures.rejected("no signature"), "sha256:policy", T0);
        assertThat(reserved().getAdditionalProperties().get("status").toString())
                .contains("reason=NoAcceptedDigest, message=without an accepted digest: " + OTHER.tag());
        assertThat(dispatcher.creates).hasValue(1);
        assertThat(store.tagStates()).extracting(TagState::tag).containsExactlyInAnyOrder(APP, OTHER);
    }

    @Test
    void anotherReplicaCreatingTheResourceFirstIsNoErrorAndItsStateIsKept() throws Exception {
        Digest a = digest("a");
        store.recordVerdict(APP, a, accepted("KEY1"), "sha256:policy", T0);
        // This replica does not see the resource the other made, and its creation meets AlreadyExists.
        dispatcher.missingReads.set(1);
        store.recordVerdict(OTHER, digest("b"), accepted("KEY2"), "sha256:policy", T0);

        assertThat(dispatcher.creates).hasValue(2);
        assertThat(store.tagState(APP).current()).contains(a);
        assertThat(store.tagState(OTHER).current()).contains(digest("b"));
    }

    @Test
    void aCreationTheApiRefusesIsAnErrorAndNothingIsWritten() {
        dispatcher.createCode = 403;
        assertThatThrownBy(() -> store.recordVerdict(APP, digest("a"), accepted("KEY1"), "sha256:policy", T0))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("imagestream vouch/dockerimage: creating the resource that keeps the state of"
                        + " the images DockerImage triggers follow: the Kubernetes API answered 403");
        assertThat(reserved()).isNull();
    }

    @Test
    void onlyTheReservedStreamIsCreated() {
        StreamTagName missing = StreamTagName.parse("gone:prod");
        assertThatThrownBy(() -> store.recordVerdict(missing, digest("a"), accepted("K"), "sha256:policy", T0))
                .isInstanceOf(StoreException.class).hasMessageEndingWith("the image stream does not exist");
        assertThat(dispatcher.creates).hasValue(0);
    }
}
