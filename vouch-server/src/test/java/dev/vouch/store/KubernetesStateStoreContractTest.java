package dev.vouch.store;

import dev.vouch.crd.CrdFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;

/** The {@link StateStore} contract against {@link KubernetesStateStore} on the fabric8 mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class KubernetesStateStoreContractTest extends StateStoreContract {
    static final String NAMESPACE = "team";

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void createTheStream() throws Exception {
        CrdFixtures.installCrd(client);
        CrdFixtures.create(client, CrdFixtures.stream(NAMESPACE, PROD.stream(), PROD.tag()));
    }

    /**
     * Writers over the network do not write back to back: without this pause, the writer with the faster
     * connection wins every race, and the other gives up after {@link KubernetesStateStore#MAX_ATTEMPTS} conflicts
     * (optimistic concurrency is not fair).
     */
    @Override
    void betweenWrites() throws InterruptedException {
        Thread.sleep(15);
    }

    @Override
    StateStore open() {
        return KubernetesStateStore.open(client, NAMESPACE);
    }

    @Override
    StateStore openAnother() {
        KubernetesClient another = server.createClient();
        return KubernetesStateStore.open(another, NAMESPACE);
    }
}
