package dev.vouch.serve;

import dev.vouch.crd.ImageStreamResources;
import dev.vouch.gate.CurrentDigestChange;
import dev.vouch.kubetarget.KubeTarget;
import dev.vouch.log.JsonLog;
import dev.vouch.reference.Digest;
import dev.vouch.store.HistoryEntry;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.InvalidStreamConfigException;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster target of {@code vouch serve}: rollouts are {@link KubeTarget}'s patches of triggered workloads, and the
 * tags followed are those of the {@code ImageStream} resources of one namespace, watched by an informer, and the
 * images the unpaused {@code DockerImage} triggers of the watched workloads follow (as tags of
 * {@link DockerImageTags#STREAM}, imported every {@code importInterval}, their state in the reserved resource
 * {@link ImageStreamResources#dockerImageState}, which is no stream of its own). A resource created, whose spec
 * changed, or deleted, and a workload whose followed images changed, make the engine read the tags again at once
 * ({@link #onChange}). A resource whose spec is invalid is skipped, and its problems logged once while they last.
 */
final class ClusterServeTarget implements ServeTarget {
    private final KubeTarget kube;
    private final String namespace;
    private final Duration dockerImageInterval;
    private final JsonLog log;
    private final SharedIndexInformer<GenericKubernetesResource> streams;
    private final Map<StreamTagName, Digest> submitted = new ConcurrentHashMap<>();
    /** The problems of invalid resources, by resource, as last logged. */
    private final Map<String, List<String>> invalid = new ConcurrentHashMap<>();
    private volatile Runnable onChange = () -> { };

    private ClusterServeTarget(KubernetesClient client, String namespace, Duration dockerImageInterval, KubeTarget kube,
                               JsonLog log) {
        this.kube = kube;
        this.namespace = namespace;
        this.dockerImageInterval = dockerImageInterval;
        this.log = log;
        this.streams = client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource resource) {
                        onChange.run();
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        if (!Objects.equals(before.getAdditionalProperties().get("spec"),
                                after.getAdditionalProperties().get("spec"))) {
                            onChange.run();
                        }
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                        onChange.run();
                    }
                }, 0);
    }

    /**
     * Starts watching the {@code ImageStream} resources of {@code namespace}; returns once they are listed.
     *
     * @param dockerImageInterval how often the images {@code DockerImage} triggers follow are imported
     */
    static ClusterServeTarget start(KubernetesClient client, String namespace, Duration dockerImageInterval,
                                    KubeTarget kube, JsonLog log) {
        return new ClusterServeTarget(client, namespace, dockerImageInterval, kube, log);
    }

    /**
     * What to run when the resources' specs or the workloads' followed images change (the engine's re-reading of its
     * tags).
     */
    void onChange(Runnable action) {
        this.onChange = Objects.requireNonNull(action, "action");
        kube.onDirectImagesChanged(action);
    }

    KubeTarget kube() {
        return kube;
    }

    /** Whether the informers listed the resources. */
    boolean synced() {
        return streams.hasSynced();
    }

    @Override
    public void currentDigestChanged(CurrentDigestChange change) {
        submitted.put(change.tag().name(), change.current());
        kube.currentDigestChanged(change);
    }

    /** Reconciles every workload: those following {@code tag} get its current digest if they lack it. */
    @Override
    public void resubmit(StreamTag tag, HistoryEntry current) {
        submitted.put(tag.name(), current.digest());
        kube.reconcileAll();
    }

    @Override
    public void ensureSubmitted(StreamTag tag, HistoryEntry current) {
        if (!current.digest().equals(submitted.put(tag.name(), current.digest()))) {
            kube.reconcileAll();
        }
    }

    @Override
    public void rejected(StreamTag tag, HistoryEntry entry) {
        kube.rejected(tag, entry);
    }

    /**
     * The tags of the valid resources, each used by its resource, then the images the workloads' {@code DockerImage}
     * triggers follow, each used by its triggers; the workloads' target follows the same tags.
     */
    @Override
    public Optional<Map<StreamTag, Set<String>>> runtimeTags() {
        List<GenericKubernetesResource> resources = new ArrayList<>(streams.getStore().list());
        resources.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        Map<StreamTag, Set<String>> tags = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (GenericKubernetesResource resource : resources) {
            if (ImageStreamResources.isDockerImageState(resource)) {
                continue;
            }
            String label = ImageStreamResources.label(resource);
            seen.add(label);
            try {
                ImageStreamResources.toImageStream(resource).tags().forEach(tag -> tags.put(tag, Set.of(label)));
                if (invalid.remove(label) != null) {
                    log.info("imagestream.valid", Map.of("imagestream", label));
                }
            } catch (InvalidStreamConfigException e) {
                if (!e.problems().equals(invalid.put(label, e.problems()))) {
                    log.error("imagestream.invalid", Map.of("imagestream", label, "problems",
                            String.join("; ", e.problems())));
                }
            }
        }
        invalid.keySet().retainAll(seen);
        kube.directImages().forEach((image, places) -> tags.put(DockerImageTags.tag(image, dockerImageInterval),
                places));
        kube.updateTags(List.copyOf(tags.keySet()));
        return Optional.of(tags);
    }

    @Override
    public String describe() {
        return "the cluster (ImageStream resources of namespace " + namespace + ")";
    }

    @Override
    public void close() {
        streams.close();
        kube.close();
    }
}
