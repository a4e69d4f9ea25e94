package dev.vouch.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vouch.crd.ImageStreamResources;
import dev.vouch.reference.Digest;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamTagName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link StateStore} in the status subresource of the {@code ImageStream} resources of one namespace: the state
 * of tag {@code STREAM:TAG} is in {@code status.tags[name=TAG]} of the resource named {@code STREAM}, which must
 * exist (the store writes status, never spec; but see the reserved stream below). Every change is one read and one
 * write of the whole status, a JSON patch of the status subresource that also sets the resource version read: the
 * API applies it only if the resource is still at that version (optimistic concurrency; a merge patch would do the
 * same on the API server, but the mock server merges lists instead of replacing them). When another writer changed
 * the resource in between, the API refuses it with a conflict, and the change is computed again on a fresh read, at
 * most {@link #MAX_ATTEMPTS} times. So each method still happens entirely or not at all, and several replicas (a
 * leader and its successor) may write at once without losing a change; a new leader reads what the old one
 * committed, including each digest's rollouts. A change that leaves the status as it was writes nothing.
 *
 * <p>The state of the images {@code DockerImage} triggers follow ({@link DockerImageTags#STREAM}) is in the reserved
 * resource {@link ImageStreamResources#dockerImageState}, created by the first write that needs it (another writer
 * creating it first is no error); as its spec lists no tags, its {@code Ready} condition is about the tags it records.
 *
 * <p>The status is bounded, as an object in the API must be: a tag keeps at most {@code maxHistory} history entries
 * ({@link #MAX_HISTORY} by default, and at most; the least recently seen go first, never the current one, which is the
 * pinned one when pinned; a digest trimmed away is simply verified again if the tag returns to it), at most
 * {@link #MAX_ROLLOUTS_PER_ENTRY} rollouts per entry (the oldest go first, but never the newest successful one of a
 * target) and {@link StateStore#MAX_FAILURES_KEPT} failures. A tag removed from the spec keeps its status.
 *
 * <p>A status vouch cannot read (edited by hand, or written by a newer vouch) is an error, never read as empty.
 * {@link #close} does not close the client, which the caller owns.
 */
public final class KubernetesStateStore implements StateStore {
    /** How many history entries a tag keeps at most (the CRD's {@code maxItems}), and by default. */
    public static final int MAX_HISTORY = 25;
    /** How many rollouts one history entry keeps. */
    public static final int MAX_ROLLOUTS_PER_ENTRY = 20;
    /** How many times a change is tried when other writers keep changing the resource. */
    public static final int MAX_ATTEMPTS = 16;

    private final KubernetesClient client;
    private final String namespace;
    private final int maxHistory;

    private KubernetesStateStore(KubernetesClient client, String namespace, int maxHistory) {
        this.client = client;
        this.namespace = namespace;
        this.maxHistory = maxHistory;
    }

    /** The store of {@code namespace}'s image streams, keeping {@link #MAX_HISTORY} entries per tag. */
    public static KubernetesStateStore open(KubernetesClient client, String namespace) {
        return open(client, namespace, MAX_HISTORY);
    }

    /** The store of {@code namespace}'s image streams, keeping {@code maxHistory} (2 to 25) entries per tag. */
    public static KubernetesStateStore open(KubernetesClient client, String namespace, int maxHistory) {
        if (maxHistory < 2 || maxHistory > MAX_HISTORY) {
            throw new IllegalArgumentException("maxHistory must be between 2 (the current digest and one more) and "
                    + MAX_HISTORY);
        }
        return new KubernetesStateStore(client, namespace, maxHistory);
    }

    @Override
    public TagState tagState(StreamTagName tag) throws StoreException {
        return read(tag.stream()).flatMap(s -> s.tag(tag.tag())).map(TagRecord::state).orElse(TagState.empty(tag));
    }

    @Override
    public List<TagState> tagStates() throws StoreException {
        GenericKubernetesResourceList list;
        try {
            list = resources().list();
        } catch (KubernetesClientException e) {
            throw failure("listing image streams", e);
        }
        List<TagState> states = new ArrayList<>();
        for (GenericKubernetesResource resource : list.getItems()) {
            status(resource).tags().forEach(t -> states.add(t.state()));
        }
        states.sort(Comparator.comparing((TagState s) -> s.tag().stream()).thenComparing(s -> s.tag().tag()));
        return states;
    }

    @Override
    public Optional<HistoryEntry> entry(StreamTagName tag, Digest digest) throws StoreException {
        return read(tag.stream()).flatMap(s -> s.tag(tag.tag())).flatMap(t -> t.entry(digest));
    }

    @Override
    public List<HistoryEntry> history(StreamTagName tag) throws StoreException {
        return read(tag.stream()).flatMap(s -> s.tag(tag.tag())).map(t -> List.copyOf(t.history)).orElse(List.of());
    }

    @Override
    public List<ImportFailure> failures(StreamTagName tag) throws StoreException {
        return read(tag.stream()).flatMap(s -> s.tag(tag.tag())).map(t -> List.copyOf(t.failures))
                .orElse(List.of());
    }

    @Override
    public Optional<CurrentChange> recordVerdict(StreamTagName tag, Digest digest, RecordedVerdict verdict,
                                                 String policyDigest, Instant time) throws StoreException {
        return update(tag, "recording the verdict on " + tag + "@" + digest, time,
                status -> status.ensureTag(tag.tag()).recordVerdict(digest, verdict, policyDigest, time));
    }

    @Override
    public Optional<CurrentChange> recordSeen(StreamTagName tag, Digest digest, Instant time) throws StoreException {
        String store = label(tag.stream());
        return update(tag, "recording that " + tag + " points at " + digest, time,
                status -> status.ensureTag(tag.tag()).recordSeen(digest, time, store));
    }

    @Override
    public void recordFailure(StreamTagName tag, ImportFailure failure) throws StoreException {
        update(tag, "recording a failed import of " + tag, failure.time(), status -> {
            status.ensureTag(tag.tag()).recordFailure(failure);
            return null;
        });
    }

    @Override
    public CurrentChange pin(StreamTagName tag, Optional<Digest> digest, Instant time) throws StoreException {
        return update(tag, "pinning " + tag, time, status -> status.tag(tag.tag())
                .orElseThrow(() -> new PinRefusedException(tag + " has no history yet")).pin(digest, time));
    }

    @Override
    public Optional<CurrentChange> unpin(StreamTagName tag, Instant time) throws StoreException {
        return update(tag, "unpinning " + tag, time, status -> status.tag(tag.tag()).flatMap(TagRecord::unpin));
    }

    @Override
    public void recordRollout(StreamTagName tag, Digest digest, Rollout rollout) throws StoreException {
        String store = label(tag.stream());
        update(tag, "recording a rollout of " + tag + "@" + digest, rollout.time(), status -> {
            status.tag(tag.tag()).orElseThrow(() -> new StoreException(store + ": " + tag + " has no history"))
                    .recordRollout(digest, rollout, store);
            return null;
        });
    }

    /** Nothing to release: the client belongs to the caller. */
    @Override
    public void close() {
    }

    private interface Change<T> {
        T apply(StreamStatus status) throws StoreException;
    }

    /**
     * Applies {@code change} to the stream's status and writes it with the resource version read; on a conflict,
     * reads again and applies it again. An exception from {@code change} writes nothing.
     */
    private <T> T update(StreamTagName tag, String what, Instant time, Change<T> change) throws StoreException {
        String label = label(tag.stream());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GenericKubernetesResource resource = getOrCreate(tag.stream(), what).orElseThrow(() ->
                    new StoreException(label + ": " + what + ": the image stream does not exist"));
            Object before = resource.getAdditionalProperties().get("status");
            StreamStatus status = status(resource);
            T result = change.apply(status);
            status.tags().forEach(t -> t.trimHistory(maxHistory));
            status.updateConditions(ImageStreamResources.isDockerImageState(resource) ? status.tags().stream()
                    .map(t -> t.name.tag()).toList() : specTags(resource), time);
            Map<?, ?> after = StatusJson.MAPPER.convertValue(status.toJson(resource.getMetadata().getGeneration()),
                    Map.class);
            if (after.equals(before)) {
                return result;
            }
            ArrayNode patch = StatusJson.MAPPER.createArrayNode();
            patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                    .put("value", resource.getMetadata().getResourceVersion());
            patch.addObject().put("op", "add").put("path", "/status").set("value", StatusJson.MAPPER.valueToTree(after));
            try {
                resources().withName(tag.stream()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), patch.toString());
                return result;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw failure(label + ": " + what, e);
                }
            }
            pause(attempt);
        }
        throw new StoreException(label + ": " + what + ": the resource kept changing; gave up after " + MAX_ATTEMPTS
                + " attempts");
    }

    /** A random pause after a conflict (up to 10 ms times the attempt), so that writers stop colliding in step. */
    private static void pause(int attempt) throws StoreException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 10L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a status update", e);
        }
    }

    private Optional<StreamStatus> read(String stream) throws StoreException {
        Optional<GenericKubernetesResource> resource = get(stream, "reading the status");
        return resource.isEmpty() ? Optional.empty() : Optional.of(status(resource.get()));
    }

    private Optional<GenericKubernetesResource> get(String stream, String what) throws StoreException {
        try {
            return Optional.ofNullable(resources().withName(stream).get());
        } catch (KubernetesClientException e) {
            throw failure(label(stream) + ": " + what, e);
        }
    }

    /**
     * The stream's resource; for {@link DockerImageTags#STREAM}, created (as
     * {@link ImageStreamResources#dockerImageState}) if missing. Another writer creating it first is no error: it is
     * read again.
     */
    private Optional<GenericKubernetesResource> getOrCreate(String stream, String what) throws StoreException {
        Optional<GenericKubernetesResource> found = get(stream, what);
        if (found.isPresent() || !stream.equals(DockerImageTags.STREAM)) {
            return found;
        }
        try {
            return Optional.of(resources().resource(ImageStreamResources.dockerImageState(namespace)).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw failure(label(stream) + ": creating the resource that keeps the state of the images"
                        + " DockerImage triggers follow", e);
            }
        }
        return get(stream, what);
    }

    private StreamStatus status(GenericKubernetesResource resource) throws StoreException {
        String stream = resource.getMetadata().getName();
        try {
            return StreamStatus.read(stream, resource.getAdditionalProperties().get("status"));
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException(label(stream) + ": the status cannot be read (changed by hand, or written by"
                    + " a newer vouch?): " + e.getMessage(), e);
        }
    }

    /** The names of the tags the spec defines, as far as it can be read; validity is not this store's concern. */
    private static List<String> specTags(GenericKubernetesResource resource) {
        List<String> names = new ArrayList<>();
        if (resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("tags") instanceof List<?> tags) {
            for (Object tag : tags) {
                if (tag instanceof Map<?, ?> fields && fields.get("name") instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> resources() {
        return client.genericKubernetesResources(ImageStreamResources.context()).inNamespace(namespace);
    }

    private String label(String stream) {
        return "imagestream " + namespace + "/" + stream;
    }

    private StoreException failure(String what, KubernetesClientException e) {
        return new StoreException(what + ": the Kubernetes API answered " + e.getCode() + ": " + e.getMessage(), e);
    }
}
