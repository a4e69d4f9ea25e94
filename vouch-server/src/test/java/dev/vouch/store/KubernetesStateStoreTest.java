package dev.vouch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.crd.ImageStreamResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KubernetesStateStore} on the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesStateStoreTest {
    static final String NAMESPACE = "team";

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void createTheStream() throws Exception {
        CrdFixtures.installCrd(client);
        CrdFixtures.create(client, CrdFixtures.stream(NAMESPACE, "app", "prod"));
    }

    GenericKubernetesResource read() {
        return client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(NAMESPACE)
                .withName("app").get();
    }

    /**
     * What the store relies on, checked on the mock server: a JSON patch of the status that sets a stale resource
     * version is refused with 409 Conflict, as the API server does. (The mock does not check the version of a
     * {@code PUT .../status}, which is why the store patches.)
     */
    @Test
    void aStatusPatchWithAStaleResourceVersionIsRefusedWithAConflict() {
        String stale = read().getMetadata().getResourceVersion();
        patchStatus(stale, "{\"observedGeneration\": 1}");
        assertThat(read().getMetadata().getResourceVersion()).isNotEqualTo(stale);
        assertThatThrownBy(() -> patchStatus(stale, "{\"observedGeneration\": 2}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(read().getAdditionalProperties().get("status")).isEqualTo(Map.of("observedGeneration", 1));
    }

    void patchStatus(String resourceVersion, String status) {
        client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(NAMESPACE).withName("app")
                .subresource("status").patch(PatchContext.of(PatchType.JSON), "[{\"op\": \"replace\", \"path\":"
                        + " \"/metadata/resourceVersion\", \"value\": \"" + resourceVersion + "\"}, {\"op\": \"add\","
                        + " \"path\": \"/status\", \"value\": " + status + "}]");
    }
}
