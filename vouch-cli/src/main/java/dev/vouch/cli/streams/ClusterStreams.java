package dev.vouch.cli.streams;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.UserInputException;
import dev.vouch.crd.ImageStreamResources;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.ImageStream;
import dev.vouch.stream.InvalidStreamConfigException;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * The stream commands on a cluster (any of {@code --cluster}, {@code --kubeconfig}, {@code --context}, {@code -n}):
 * the streams are the {@code ImageStream} resources of the namespace, read as strictly as {@code vouch.yaml}, and
 * their state is in the resources' status ({@link KubernetesStateStore}) instead of SQLite. The tags of the reserved
 * stream {@value DockerImageTags#STREAM} are named after the images {@code DockerImage} triggers follow, as with
 * {@code vouch.yaml}: its resource has no tags in its spec.
 */
final class ClusterStreams implements AutoCloseable {
    private final ClusterOptions.Cluster cluster;

    private ClusterStreams(ClusterOptions.Cluster cluster) {
        this.cluster = cluster;
    }

    /** The cluster's streams when a cluster flag is given; empty for vouch.yaml and its SQLite state. */
    static Optional<ClusterStreams> open(ClusterOptions options) {
        return options.given().map(flag -> new ClusterStreams(options.connect()));
    }

    /**
     * The tags of stream {@code selector.stream()} that {@code selector} names in its spec (at least one), or the one
     * tag {@code dockerimage:NAME} following an image directly.
     */
    List<StreamTag> select(StreamTagName.Selector selector) {
        if (selector.stream().equals(DockerImageTags.STREAM)) {
            StreamTagName name = new StreamTagName(DockerImageTags.STREAM, selector.tag().orElseThrow(() ->
                    new UserInputException(label(DockerImageTags.STREAM) + ": name one image, "
                            + DockerImageTags.STREAM + ":NAME (vouch history " + DockerImageTags.STREAM
                            + " lists those recorded)")));
            try {
                return List.of(DockerImageTags.tag(name, StreamTag.DEFAULT_IMPORT_INTERVAL));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(label(DockerImageTags.STREAM) + ": " + e.getMessage(), e);
            }
        }
        List<StreamTag> tags = configured(selector);
        if (tags.isEmpty()) {
            throw new UserInputException(label(selector.stream()) + ": no tag " + selector + " in its spec");
        }
        return tags;
    }

    /**
     * The tags of stream {@code selector.stream()} that {@code selector} names in its spec; the stream must exist.
     * None for {@value DockerImageTags#STREAM}, whose tags are not in a spec.
     */
    List<StreamTag> configured(StreamTagName.Selector selector) {
        if (selector.stream().equals(DockerImageTags.STREAM)) {
            return List.of();
        }
        return stream(selector.stream()).tags().stream().filter(tag -> selector.matches(tag.name())).toList();
    }

    /** The tag {@code STREAM:TAG} of the cluster. */
    StreamTag tag(String name) {
        StreamTagName parsed;
        try {
            parsed = StreamTagName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(name + ": " + e.getMessage(), e);
        }
        return select(new StreamTagName.Selector(parsed.stream(), Optional.of(parsed.tag()))).get(0);
    }

    /**
     * The tag {@code name}, if it is one of {@code configured} or follows an image directly. The import interval of
     * the latter is the default one: these commands import on demand and do not schedule.
     */
    static Optional<StreamTag> resolve(List<StreamTag> configured, StreamTagName name) {
        return configured.stream().filter(t -> t.name().equals(name)).findFirst()
                .or(() -> DockerImageTags.find(name, StreamTag.DEFAULT_IMPORT_INTERVAL));
    }

    /** Runs {@code work} on the namespace's state; a store failure is a user error prefixed with {@code subject}. */
    void withStore(String subject, StreamsConfigOption.StoreWork work) {
        try (StateStore store = KubernetesStateStore.open(cluster.client(), cluster.namespace())) {
            work.run(store);
        } catch (StoreException e) {
            throw new UserInputException((subject.isEmpty() ? "" : subject + ": ") + e.getMessage(), e);
        }
    }

    private ImageStream stream(String name) {
        GenericKubernetesResource resource;
        try {
            resource = cluster.client().genericKubernetesResources(ImageStreamResources.context())
                    .inNamespace(cluster.namespace()).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new UserInputException(label(name) + ": cannot be read ("
                    + (e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer") + "): "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage())), e);
        }
        if (resource == null) {
            throw new UserInputException(label(name) + ": not found");
        }
        try {
            return ImageStreamResources.toImageStream(resource);
        } catch (InvalidStreamConfigException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    String label(String name) {
        return "imagestream " + cluster.namespace() + "/" + name;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
