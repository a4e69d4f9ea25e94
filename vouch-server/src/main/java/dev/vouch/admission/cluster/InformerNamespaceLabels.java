package dev.vouch.admission.cluster;

import dev.vouch.admission.NamespaceLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Optional;

/** Namespace labels from a watch of every namespace (list and watch {@code namespaces}): no API call per request. */
public final class InformerNamespaceLabels implements NamespaceLabels, AutoCloseable {
    private final SharedIndexInformer<Namespace> informer;

    private InformerNamespaceLabels(SharedIndexInformer<Namespace> informer) {
        this.informer = informer;
    }

    /** Starts watching; returns at once (until the first list arrives, {@link #synced()} is false). */
    public static InformerNamespaceLabels start(KubernetesClient client) {
        // retried with backoff even when the first list fails (the API server not reachable yet): until then,
        // vouch.yaml's rules apply
        SharedIndexInformer<Namespace> informer = client.namespaces().runnableInformer(0)
                .exceptionHandler((started, error) -> true);
        informer.start();
        return new InformerNamespaceLabels(informer);
    }

    @Override
    public boolean synced() {
        return informer.hasSynced();
    }

    @Override
    public Optional<Map<String, String>> labels(String namespace) {
        Namespace found = informer.getStore().getByKey(namespace);
        if (found == null || found.getMetadata() == null) {
            return Optional.empty();
        }
        Map<String, String> labels = found.getMetadata().getLabels();
        return Optional.of(labels == null ? Map.of() : Map.copyOf(labels));
    }

    @Override
    public void close() {
        informer.close();
    }
}
