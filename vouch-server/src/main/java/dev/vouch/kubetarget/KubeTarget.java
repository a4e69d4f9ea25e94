package dev.vouch.kubetarget;

import dev.vouch.gate.CurrentDigestChange;
import dev.vouch.gate.CurrentDigestListener;
import dev.vouch.gittarget.EditConflictException;
import dev.vouch.leader.Fence;
import dev.vouch.log.JsonLog;
import dev.vouch.manifests.Container;
import dev.vouch.manifests.TriggerBinding;
import dev.vouch.manifests.Workload;
import dev.vouch.manifests.WorkloadId;
import dev.vouch.manifests.WorkloadKind;
import dev.vouch.metrics.Counter;
import dev.vouch.metrics.Metrics;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.rollout.RolloutPlanner;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.Rollout;
import dev.vouch.store.RolloutResult;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.trigger.ImageStreamTagSource;
import dev.vouch.trigger.TriggerAnnotation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rolls a tag's current digest out to the workloads of a cluster (Deployments, StatefulSets, DaemonSets, CronJobs)
 * whose {@code image.openshift.io/triggers} annotation follows it.
 *
 * <p>Informers watch the workloads of the configured namespaces. Every workload seen (each one once when the
 * informers start, then each added or changed one) is reconciled against the store: each active trigger's
 * container is set to its tag's current digest. On each {@link CurrentDigestChange}, every watched workload following
 * the tag is set to the new digest. Which triggers follow a tag is {@link RolloutPlanner}'s rule, with the
 * cross-namespace grants of {@link KubeTargetSettings}: an unpaused {@code DockerImage} trigger follows the tag
 * {@code dockerimage:NAME} named after its image ({@link #directImages} lists them for the caller to follow); images
 * are pinned as {@link RolloutPlanner#pinnedImage} writes them. The images of one workload are set with one
 * {@link ImagePatch} conditional on the resource version they were read at; on a conflict the workload is read again
 * and the patch recomputed, at most
 * {@link KubeTargetSettings#maxAttempts} times. A workload already at the digest is not patched.
 *
 * <p>Every rollout is recorded in the store (succeeded, failed; unchanged when a change found the workload already
 * at its digest) and announced by an Event on the workload. A malformed annotation, a trigger naming no container,
 * and a refused trigger are logged, counted ({@code vouch_kube_trigger_problems_total}) and reported by a Warning
 * Event, once per workload and problem while the problem lasts. A digest the policy rejects is announced by a
 * Warning Event on each workload following the tag ({@link #rejected}), once per digest. All work runs on one
 * thread, in the order it arrives.
 *
 * <p>Nothing is written (no patch, Event or record) while the {@link Fence} is closed: among replicas, only the one
 * holding the lease works; the others keep their informers current, and {@link #reconcileAll} catches up when one
 * becomes the leader. The followed tags may change while the target runs ({@link #updateTags}).
 */
public final class KubeTarget implements CurrentDigestListener, AutoCloseable {
    private final KubernetesClient client;
    private final KubeTargetSettings settings;
    private volatile Map<StreamTagName, StreamTag> tags;
    private final Fence fence;
    private final StateStore store;
    private final JsonLog log;
    private final Clock clock;
    private final WorkloadEvents events;
    private final Counter results;
    private final Counter problems;
    private final ExecutorService worker;
    private final AtomicInteger queued = new AtomicInteger();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final Map<WorkloadKind, List<SharedIndexInformer<? extends HasMetadata>>> byKind =
            new ConcurrentHashMap<>();
    private final Map<WorkloadId, Set<String>> reported = new HashMap<>();
    private final DirectImageWatch direct = new DirectImageWatch();
    /** The rejected digest last announced, by workload and tag ({@code WORKLOAD TAG}). */
    private final Map<String, Digest> rejections = new HashMap<>();

    private KubeTarget(KubernetesClient client, KubeTargetSettings settings, List<StreamTag> tags, StateStore store,
                       JsonLog log, Metrics metrics, Clock clock, Fence fence) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        Map<StreamTagName, StreamTag> byName = new LinkedHashMap<>();
        tags.forEach(tag -> byName.put(tag.name(), tag));
        this.tags = Map.copyOf(byName);
        this.fence = Objects.requireNonNull(fence, "fence");
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = new WorkloadEvents(client, clock, log);
        this.results = metrics.counter("vouch_kube_rollouts_total",
                "Rollouts of a digest to a container of a cluster workload, by result (succeeded, unchanged, failed).",
                "result");
        this.problems = metrics.counter("vouch_kube_trigger_problems_total",
                "Problems reported on cluster workloads: malformed trigger annotations and unresolved triggers"
                        + " (invalid), triggers not acted on (refused), followed tags found at a rejected digest"
                        + " (rejected).", "problem");
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vouch-kubetarget");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts watching the workloads; returns once the informers hold the cluster's current workloads, each of which
     * is then reconciled against the store's current digests (so that a change made while vouch was not running is
     * rolled out).
     *
     * @param tags the configured tags: the sources their digests are pinned to
     */
    public static KubeTarget start(KubernetesClient client, KubeTargetSettings settings, List<StreamTag> tags,
                                   StateStore store, JsonLog log, Metrics metrics, Clock clock) {
        return start(client, settings, tags, store, log, metrics, clock, Fence.OPEN);
    }

    /**
     * Starts watching the workloads, writing only while {@code fence} holds (see {@link #start(KubernetesClient,
     * KubeTargetSettings, List, StateStore, JsonLog, Metrics, Clock)}).
     */
    public static KubeTarget start(KubernetesClient client, KubeTargetSettings settings, List<StreamTag> tags,
                                   StateStore store, JsonLog log, Metrics metrics, Clock clock, Fence fence) {
        KubeTarget target = new KubeTarget(client, settings, tags, store, log, metrics, clock, fence);
        try {
            for (WorkloadKind kind : WorkloadKind.values()) {
                target.watch(kind, ClusterWorkloads.type(kind));
            }
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    private <T extends HasMetadata> void watch(WorkloadKind kind, Class<T> type) {
        ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                direct.seen(kind, object);
                submit(() -> reconcile(kind, object, Optional.empty()));
            }

            @Override
            public void onUpdate(T previous, T object) {
                direct.seen(kind, object);
                submit(() -> reconcile(kind, object, Optional.empty()));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                direct.gone(kind, object);
                submit(() -> {
                    WorkloadId id = ClusterWorkloads.id(kind, object);
                    reported.remove(id);
                    rejections.keySet().removeIf(key -> key.startsWith(id + " "));
                });
            }
        };
        List<SharedIndexInformer<? extends HasMetadata>> list = byKind.computeIfAbsent(kind,
                k -> new CopyOnWriteArrayList<>());
        if (settings.namespaces().isEmpty()) {
            SharedIndexInformer<T> informer = client.resources(type).inAnyNamespace().inform(handler, 0);
            informers.add(informer);
            list.add(informer);
        } else {
            for (String namespace : settings.namespaces()) {
                SharedIndexInformer<T> informer = client.resources(type).inNamespace(namespace).inform(handler, 0);
                informers.add(informer);
                list.add(informer);
            }
        }
    }

    @Override
    public void currentDigestChanged(CurrentDigestChange change) {
        submit(() -> {
            for (Map.Entry<WorkloadKind, List<SharedIndexInformer<? extends HasMetadata>>> entry : byKind.entrySet()) {
                for (SharedIndexInformer<? extends HasMetadata> informer : entry.getValue()) {
                    for (HasMetadata object : informer.getStore().list()) {
                        reconcile(entry.getKey(), object, Optional.of(change));
                    }
                }
            }
        });
    }

    /**
     * Follows {@code followed} from now on (the tags whose digests are pinned, as at {@link #start}); if they changed,
     * every workload is reconciled, so that a trigger of a tag just added gets its current digest.
     */
    public void updateTags(List<StreamTag> followed) {
        Map<StreamTagName, StreamTag> byName = new LinkedHashMap<>();
        followed.forEach(tag -> byName.put(tag.name(), tag));
        Map<StreamTagName, StreamTag> next = Map.copyOf(byName);
        if (!next.equals(tags)) {
            tags = next;
            reconcileAll();
        }
    }

    /**
     * The images the unpaused {@code DockerImage} triggers of the watched workloads follow (those
     * {@link dev.vouch.stream.DockerImageTags} accepts), each with its places ({@code WORKLOAD FIELDPATH}), in the
     * order of the workloads' names.
     */
    public Map<ImageReference, Set<String>> directImages() {
        Map<String, Map<ImageReference, Set<String>>> byWorkload = new TreeMap<>();
        byKind.forEach((kind, list) -> list.forEach(informer -> informer.getStore().list().forEach(object ->
                byWorkload.put(ClusterWorkloads.id(kind, object).toString(), DirectImageWatch.images(kind, object)))));
        Map<ImageReference, Set<String>> images = new LinkedHashMap<>();
        byWorkload.values().forEach(found -> found.forEach((image, places) -> images.computeIfAbsent(image,
                i -> new LinkedHashSet<>()).addAll(places)));
        return images;
    }

    /**
     * What to run when a workload added, changed or deleted may change {@link #directImages} (the engine's reading
     * of its tags again).
     */
    public void onDirectImagesChanged(Runnable action) {
        direct.onChange(action);
    }

    /** Brings every watched workload to its triggers' current digests (as when the informers start). */
    public void reconcileAll() {
        submit(() -> {
            for (Map.Entry<WorkloadKind, List<SharedIndexInformer<? extends HasMetadata>>> entry : byKind.entrySet()) {
                for (SharedIndexInformer<? extends HasMetadata> informer : entry.getValue()) {
                    for (HasMetadata object : informer.getStore().list()) {
                        reconcile(entry.getKey(), object, Optional.empty());
                    }
                }
            }
        });
    }

    /**
     * An import found {@code tag} at {@code entry}'s digest, which the policy rejects: each workload with an active
     * trigger following the tag gets a Warning Event saying that it stays where it is and why, once per digest.
     */
    public void rejected(StreamTag tag, HistoryEntry entry) {
        if (entry.accepted()) {
            throw new IllegalArgumentException(entry.digest() + " is accepted");
        }
        submit(() -> {
            if (!fence.holds()) {
                return;
            }
            for (Map.Entry<WorkloadKind, List<SharedIndexInformer<? extends HasMetadata>>> kinds : byKind.entrySet()) {
                for (SharedIndexInformer<? extends HasMetadata> informer : kinds.getValue()) {
                    for (HasMetadata object : informer.getStore().list()) {
                        announceRejection(kinds.getKey(), object, tag, entry);
                    }
                }
            }
        });
    }

    private void announceRejection(WorkloadKind kind, HasMetadata object, StreamTag tag, HistoryEntry entry) {
        if (ClusterWorkloads.annotation(object).isEmpty()) {
            return;
        }
        Workload workload = ClusterWorkloads.read(kind, object);
        List<String> containers = workload.resolveTriggers().bindings().stream()
                .filter(b -> RolloutPlanner.followedTag(b).map(tag.name()::equals).orElse(false))
                .filter(b -> RolloutPlanner.inOwnNamespace(b) || settings.mayFollow(workload.id().namespace(),
                        ((ImageStreamTagSource) b.trigger().from()).namespace().orElseThrow()))
                .map(b -> b.container().name()).distinct().toList();
        if (containers.isEmpty() || entry.digest().equals(rejections.put(workload.id() + " " + tag.name(),
                entry.digest()))) {
            return;
        }
        String message = tag.name() + " moved to " + entry.digest() + ", which the policy rejects: "
                + entry.verdict().summary().strip() + "; container" + (containers.size() > 1 ? "s " : " ")
                + String.join(", ", containers) + " not changed";
        problems.inc("rejected");
        log.warn("kube.image_rejected", Map.of("workload", workload.id().toString(), "tag", tag.name().toString(),
                "digest", entry.digest().toString()));
        events.warning(kind, object, WorkloadEvents.REJECTED, message);
    }

    /** Waits until no work is queued or running (or {@code timeout} passes); true if none is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queued.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void submit(Runnable work) {
        queued.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("kube.failed", Map.of("error", String.valueOf(e)));
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            queued.decrementAndGet();
            throw e;
        }
    }

    /** One container to set: a binding following {@code tag}, whose current digest is {@code entry}. */
    private record Desired(TriggerBinding binding, StreamTag tag, HistoryEntry entry, String image) {
    }

    /** What to do with one workload: containers to set, and what is wrong with its triggers. */
    private record Plan(List<Desired> desired, List<Failure> failures, Set<String> invalid, Set<String> refused) {
    }

    /** A binding that cannot be rolled out (its image cannot be pinned). */
    private record Failure(TriggerBinding binding, StreamTag tag, Digest digest, String problem) {
    }

    /**
     * Brings {@code object} to its triggers' current digests: all of them, or with {@code change} only those
     * following the changed tag, to its new digest.
     */
    private void reconcile(WorkloadKind kind, HasMetadata object, Optional<CurrentDigestChange> change) {
        if (!fence.holds()) {
            log.debug("kube.standby", Map.of("workload", ClusterWorkloads.id(kind, object).toString()));
            return;
        }
        try {
            apply(kind, object, change);
        } finally {
            log.debug("kube.reconciled", Map.of("workload", ClusterWorkloads.id(kind, object).toString(),
                    "cause", change.map(c -> c.tag().name() + " changed").orElse("watch")));
        }
    }

    private void apply(WorkloadKind kind, HasMetadata object, Optional<CurrentDigestChange> change) {
        WorkloadId id = ClusterWorkloads.id(kind, object);
        HasMetadata current = object;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (ClusterWorkloads.annotation(current).isEmpty()) {
                reported.remove(id);
                return;
            }
            Plan plan;
            try {
                plan = plan(ClusterWorkloads.read(kind, current), change);
            } catch (StoreException e) {
                log.error("kube.store_failed", Map.of("workload", id.toString(), "error", e.getMessage()));
                return;
            }
            if (attempt == 1) {
                report(kind, current, plan);
            }
            List<Desired> changes = plan.desired().stream()
                    .filter(d -> !d.binding().container().image().orElse("").equals(d.image())).toList();
            if (attempt == 1 && change.isPresent()) {
                plan.desired().stream().filter(d -> !changes.contains(d)).forEach(d -> recordRollout(d,
                        RolloutResult.UNCHANGED, Optional.empty(), "container " + d.binding().container().name()
                                + " already at the digest"));
            }
            if (changes.isEmpty()) {
                return;
            }
            Optional<String> missing = changes.stream().filter(d -> d.binding().container().image().isEmpty())
                    .map(d -> d.binding().container().name()).findFirst();
            if (missing.isPresent()) {
                changes.forEach(d -> fail(kind, object, d.binding(), d.tag().name(), d.entry().digest(),
                        "container " + missing.get() + " has no image to replace"));
                return;
            }
            String patch = ImagePatch.of(current.getMetadata().getResourceVersion(), changes.stream()
                    .map(d -> new ImagePatch.ImageChange(kind.podSpec(), d.binding().container(), d.image())).toList());
            Resource<? extends HasMetadata> resource = resource(kind, id);
            if (!fence.holds()) {
                log.warn("kube.fenced", Map.of("workload", id.toString(), "reason", "the lease is no longer held:"
                        + " not patched"));
                return;
            }
            try {
                HasMetadata patched = resource.patch(PatchContext.of(PatchType.JSON), patch);
                String version = patched.getMetadata().getResourceVersion();
                for (Desired d : changes) {
                    rolledOut(kind, patched, d, version, change.map(c -> c.cause().name()).orElse("reconcile"));
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    changes.forEach(d -> fail(kind, object, d.binding(), d.tag().name(), d.entry().digest(),
                            "patching " + id + ": " + e.getMessage()));
                    return;
                }
                log.info("kube.conflict", Map.of("workload", id.toString(), "attempt", attempt,
                        "resourceVersion", String.valueOf(current.getMetadata().getResourceVersion())));
                HasMetadata reread;
                try {
                    reread = resource.get();
                } catch (KubernetesClientException again) {
                    changes.forEach(d -> fail(kind, object, d.binding(), d.tag().name(), d.entry().digest(),
                            "reading " + id + " again after a conflict: " + again.getMessage()));
                    return;
                }
                if (reread == null) {
                    log.info("kube.workload_gone", Map.of("workload", id.toString()));
                    return;
                }
                current = reread;
            }
        }
        HasMetadata last = current;
        try {
            plan(ClusterWorkloads.read(kind, last), change).desired().forEach(d -> fail(kind, last, d.binding(),
                    d.tag().name(), d.entry().digest(), "the workload kept changing: given up after "
                            + settings.maxAttempts() + " conflicting attempts"));
        } catch (StoreException e) {
            log.error("kube.store_failed", Map.of("workload", id.toString(), "error", e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private Resource<? extends HasMetadata> resource(WorkloadKind kind, WorkloadId id) {
        return client.resources((Class<HasMetadata>) ClusterWorkloads.type(kind)).inNamespace(id.namespace())
                .withName(id.name());
    }

    private Plan plan(Workload workload, Optional<CurrentDigestChange> change) throws StoreException {
        List<Desired> desired = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Set<String> invalid = new LinkedHashSet<>();
        Set<String> refused = new LinkedHashSet<>();
        workload.triggerError().ifPresent(error -> invalid.add(TriggerAnnotation.KEY + ": " + error));
        Workload.ResolvedTriggers resolved = workload.resolveTriggers();
        resolved.problems().forEach(problem -> invalid.add(TriggerAnnotation.KEY + ": " + problem));
        for (TriggerBinding binding : resolved.bindings()) {
            RolloutPlanner.directProblem(binding).ifPresent(problem -> invalid.add("trigger for container "
                    + binding.container().name() + ": " + problem));
            Optional<StreamTagName> followed = RolloutPlanner.followedTag(binding);
            if (followed.isEmpty() || change.map(c -> !c.tag().name().equals(followed.get())).orElse(false)) {
                continue;
            }
            String from = binding.trigger().from().toString();
            if (!RolloutPlanner.inOwnNamespace(binding)) {
                String streamNamespace = ((ImageStreamTagSource) binding.trigger().from()).namespace().orElseThrow();
                if (!settings.mayFollow(workload.id().namespace(), streamNamespace)) {
                    refused.add("trigger for container " + binding.container().name() + " follows " + from
                            + " in namespace " + streamNamespace + ": namespace " + workload.id().namespace()
                            + " is not granted the streams of namespace " + streamNamespace);
                    continue;
                }
            }
            StreamTag tag = change.isPresent() ? change.get().tag() : tags.get(followed.get());
            if (tag == null) {
                refused.add("trigger for container " + binding.container().name() + " follows " + from
                        + ", a tag vouch does not follow");
                continue;
            }
            Optional<HistoryEntry> entry;
            if (change.isPresent()) {
                entry = Optional.of(change.get().entry());
            } else {
                Optional<Digest> digest = store.tagState(tag.name()).current();
                entry = digest.isEmpty() ? Optional.empty() : store.entry(tag.name(), digest.get());
            }
            if (entry.isEmpty() || !entry.get().accepted()) {
                continue;
            }
            try {
                desired.add(new Desired(binding, tag, entry.get(),
                        RolloutPlanner.pinnedImage(tag, entry.get().digest(), binding.container())));
            } catch (EditConflictException e) {
                failures.add(new Failure(binding, tag, entry.get().digest(), e.getMessage()));
            }
        }
        return new Plan(desired, failures, invalid, refused);
    }

    /**
     * Reports the workload's problems not reported since they last appeared; a binding whose image cannot be pinned
     * is also recorded as a failed rollout, once while it lasts.
     */
    private void report(WorkloadKind kind, HasMetadata object, Plan plan) {
        WorkloadId id = ClusterWorkloads.id(kind, object);
        Set<String> previous = reported.getOrDefault(id, Set.of());
        Set<String> now = new LinkedHashSet<>();
        reportNew(kind, object, plan.invalid(), previous, now, "invalid", WorkloadEvents.INVALID);
        reportNew(kind, object, plan.refused(), previous, now, "refused", WorkloadEvents.REFUSED);
        for (Failure failure : plan.failures()) {
            String text = "container " + failure.binding().container().name() + " cannot follow "
                    + failure.tag().name() + ": " + failure.problem();
            if (now.add(text) && !previous.contains(text)) {
                fail(kind, object, failure.binding(), failure.tag().name(), failure.digest(), failure.problem());
            }
        }
        if (now.isEmpty()) {
            reported.remove(id);
        } else {
            reported.put(id, now);
        }
    }

    private void reportNew(WorkloadKind kind, HasMetadata object, Set<String> found, Set<String> previous,
                           Set<String> now, String problem, String reason) {
        for (String text : found) {
            now.add(text);
            if (!previous.contains(text)) {
                problems.inc(problem);
                log.warn("kube.trigger_" + problem, Map.of("workload", ClusterWorkloads.id(kind, object).toString(),
                        "problem", text));
                events.warning(kind, object, reason, text);
            }
        }
    }

    private void rolledOut(WorkloadKind kind, HasMetadata patched, Desired d, String version, String cause) {
        String container = d.binding().container().name();
        List<String> signers = d.entry().verdict().signers().stream().map(RecordedVerdict.Signer::key).distinct()
                .toList();
        String message = "container " + container + " set to " + d.image() + ": " + d.tag().name() + " is at "
                + d.entry().digest() + " (" + cause.toLowerCase(Locale.ROOT) + "), "
                + (signers.isEmpty() ? "accepted by policy" : "signed by " + String.join(", ", signers));
        events.normal(kind, patched, WorkloadEvents.ROLLED_OUT, message);
        recordRollout(d, RolloutResult.SUCCEEDED, Optional.ofNullable(version), "container " + container + " set to "
                + d.image());
    }

    private void fail(WorkloadKind kind, HasMetadata object, TriggerBinding binding, StreamTagName tag, Digest digest,
                      String problem) {
        String message = "container " + binding.container().name() + " not set to " + tag + " at " + digest + ": "
                + problem;
        events.warning(kind, object, WorkloadEvents.FAILED, message);
        record(binding.workload().id(), tag, digest, RolloutResult.FAILED, Optional.empty(), message);
    }

    private void recordRollout(Desired d, RolloutResult result, Optional<String> version, String message) {
        record(d.binding().workload().id(), d.tag().name(), d.entry().digest(), result, version, message);
    }

    private void record(WorkloadId id, StreamTagName tag, Digest digest, RolloutResult result,
                        Optional<String> resourceVersion, String message) {
        String name = result.name().toLowerCase(Locale.ROOT);
        results.inc(name);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tag", tag.toString());
        fields.put("digest", digest.toString());
        fields.put("workload", id.toString());
        resourceVersion.ifPresent(v -> fields.put("resourceVersion", v));
        fields.put("message", message);
        if (result == RolloutResult.FAILED) {
            log.error("kube.rollout." + name, fields);
        } else {
            log.info("kube.rollout." + name, fields);
        }
        try {
            store.recordRollout(tag, digest, new Rollout(settings.name(), result,
                    resourceVersion.map(v -> id + " resourceVersion " + v), Optional.of(id + ": " + message),
                    clock.instant()));
        } catch (StoreException e) {
            log.error("kube.rollout.not_recorded", Map.of("tag", tag.toString(), "digest", digest.toString(),
                    "workload", id.toString(), "error", e.getMessage()));
        }
    }

    /** Stops the informers and finishes the queued work. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
