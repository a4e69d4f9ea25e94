package dev.vouch.clusterconfig;

import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Mirrors the objects of the {@code fromCluster} section into their directory ({@link ConfigDirectory}) and keeps
 * the mirror current. One informer per object watches exactly that name (get, list and watch on it are all the
 * access needed); any change of any of them makes the whole set be read again, written as a new version, checked
 * ({@link StagedCheck}) and only then published. The readers of the files (admission's policy snapshots, the
 * engine's gate) follow the published files as they follow any policy file.
 *
 * <p>At start every object must exist and the set must be valid. Later, an invalid set or a deleted object keeps the
 * last valid files in place: it is logged once (naming the object and field), {@link #problem()} says so and the
 * gauge {@code vouch_cluster_config_invalid} is 1 until a valid set is published, and an invalid object gets a
 * Warning Event ({@code InvalidPolicy} on the policy ConfigMap, {@code InvalidConfiguration} on another). Secret
 * content appears in no log line, error or Event.
 */
public final class ClusterConfigMirror implements AutoCloseable {
    private final ClusterConfigSettings settings;
    private final ConfigDirectory directory;
    private final JsonLog log;
    private final ConfigEvents events;
    private final Map<ClusterObject, String> fields = new LinkedHashMap<>();
    private final Map<ClusterObject, SharedIndexInformer<? extends HasMetadata>> informers = new LinkedHashMap<>();
    private final ExecutorService worker;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Optional<String> problem = Optional.empty();
    private volatile String published = "";
    /** Set once every informer holds its object: changes reported before are covered by the first reading. */
    private volatile boolean watching;
    private String lastSeen = "";

    private ClusterConfigMirror(ClusterConfigSettings settings, ConfigDirectory directory, KubernetesClient client,
                                JsonLog log, Clock clock) {
        this.settings = settings;
        this.directory = directory;
        this.log = log;
        this.events = new ConfigEvents(client, clock, log);
        fields.put(settings.policy(), "fromCluster.policy");
        settings.registriesD().ifPresent(object -> fields.put(object, "fromCluster.registriesD"));
        for (int i = 0; i < settings.keys().size(); i++) {
            fields.putIfAbsent(settings.keys().get(i), "fromCluster.keys[" + i + "]");
        }
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vouch-clusterconfig");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads every object, publishes the first version and starts watching them; returns once the files are in place.
     *
     * @throws ClusterConfigException if an object is missing or cannot be read, the set is invalid, or the directory
     *     cannot be written (one line naming the field, the object and what is wrong)
     */
    public static ClusterConfigMirror start(ClusterConfigSettings settings, KubernetesClient client, JsonLog log,
                                            Clock clock) throws ClusterConfigException {
        ConfigDirectory directory;
        try {
            directory = ConfigDirectory.open(settings.directory(), clock);
        } catch (IOException e) {
            throw new ClusterConfigException("fromCluster.directory: " + e.getMessage(), e);
        }
        ClusterConfigMirror mirror = new ClusterConfigMirror(settings, directory, client, log, clock);
        try {
            mirror.watch(client);
            mirror.watching = true;
            Map<ClusterObject, HasMetadata> objects = new LinkedHashMap<>();
            for (Map.Entry<ClusterObject, String> entry : mirror.fields.entrySet()) {
                Optional<HasMetadata> object = mirror.cached(entry.getKey());
                if (object.isEmpty()) {
                    throw new ClusterConfigException(entry.getValue() + ": " + entry.getKey().label(
                            settings.namespace()) + " not found");
                }
                objects.put(entry.getKey(), object.get());
            }
            try {
                mirror.first(objects);
            } catch (ConfigProblem e) {
                throw new ClusterConfigException(mirror.fields.get(e.object()) + ": " + e.getMessage());
            } catch (IOException e) {
                throw new ClusterConfigException("fromCluster.directory: writing " + directory.root() + ": "
                        + e.getMessage(), e);
            }
        } catch (ClusterConfigException | RuntimeException e) {
            mirror.close();
            if (e instanceof KubernetesClientException failure) {
                Throwable cause = failure.getCause();
                throw new ClusterConfigException("fromCluster: reading the objects in namespace "
                        + settings.namespace() + ": " + failure.getMessage() + (cause == null ? "" : " ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")"), failure);
            }
            throw e;
        }
        log.info("clusterconfig.started", Map.of("directory", directory.root().toString(), "objects",
                mirror.fields.size()));
        return mirror;
    }

    /** Adds the gauge {@code vouch_cluster_config_invalid} to {@code metrics}. */
    public void register(Metrics metrics) {
        metrics.gauge("vouch_cluster_config_invalid", "1 while the newest configuration from the cluster (fromCluster)"
                + " is invalid or an object is missing, and the last valid files are used instead.",
                () -> problem.isPresent() ? 1 : 0);
    }

    /** The settings: where the mirrored files are ({@link ClusterConfigSettings#policyFile()}...). */
    public ClusterConfigSettings settings() {
        return settings;
    }

    /** Why the newest objects are not mirrored, if they are not: the alert condition. */
    public Optional<String> problem() {
        return problem;
    }

    /** The object versions ({@code NAME=UID/RESOURCEVERSION,...}) the published files come from. */
    public String published() {
        return published;
    }

    private void watch(KubernetesClient client) {
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata object) {
                changed();
            }

            @Override
            public void onUpdate(HasMetadata previous, HasMetadata object) {
                changed();
            }

            @Override
            public void onDelete(HasMetadata object, boolean finalStateUnknown) {
                changed();
            }
        };
        for (ClusterObject object : fields.keySet()) {
            SharedIndexInformer<? extends HasMetadata> informer = object.kind() == ClusterObject.Kind.SECRET
                    ? client.secrets().inNamespace(settings.namespace()).withName(object.name()).inform(
                            cast(handler), 0)
                    : client.configMaps().inNamespace(settings.namespace()).withName(object.name()).inform(
                            cast(handler), 0);
            informers.put(object, informer);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> handler) {
        return (ResourceEventHandler<T>) handler;
    }

    private Optional<HasMetadata> cached(ClusterObject object) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(object);
        if (informer == null) {
            return Optional.empty();
        }
        for (HasMetadata resource : informer.getStore().list()) {
            if (object.name().equals(resource.getMetadata().getName())) {
                return Optional.of(resource);
            }
        }
        return Optional.empty();
    }

    /** Queues one reading of the whole set; changes arriving meanwhile are covered by that reading. */
    private void changed() {
        if (watching && pending.compareAndSet(false, true)) {
            worker.execute(() -> {
                pending.set(false);
                try {
                    sync();
                } catch (RuntimeException e) {
                    alert("clusterconfig.failed", "reading the objects failed: " + e.getClass().getSimpleName());
                }
            });
        }
    }

    /** Publishes the first version; a change the informers report meanwhile is read again afterwards. */
    private synchronized void first(Map<ClusterObject, HasMetadata> objects) throws ConfigProblem, IOException {
        publish(objects);
        lastSeen = versions(objects);
    }

    private synchronized void sync() {
        Map<ClusterObject, HasMetadata> objects = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ClusterObject object : fields.keySet()) {
            cached(object).ifPresentOrElse(o -> objects.put(object, o),
                    () -> missing.add(object.label(settings.namespace()) + " (" + fields.get(object) + ")"));
        }
        String seen = versions(objects) + (missing.isEmpty() ? "" : ";missing=" + missing);
        if (seen.equals(lastSeen)) {
            return;
        }
        lastSeen = seen;
        if (!missing.isEmpty()) {
            alert("clusterconfig.missing", String.join(", ", missing) + " not found; the last valid files are kept");
            return;
        }
        try {
            publish(objects);
            problem = Optional.empty();
            log.info("clusterconfig.published", Map.of("objects", published));
        } catch (ConfigProblem e) {
            String message = e.getMessage() + "; the last valid configuration is kept";
            alert("clusterconfig.invalid", message);
            events.warning(e.object(), objects.get(e.object()), e.object().equals(settings.policy())
                    ? ConfigEvents.INVALID_POLICY : ConfigEvents.INVALID_CONFIGURATION, message);
        } catch (IOException e) {
            lastSeen = "";
            alert("clusterconfig.write_failed", "writing " + directory.root() + ": " + e.getMessage()
                    + "; the last valid files are kept (tried again at the next change)");
        }
    }

    private void alert(String event, String message) {
        problem = Optional.of(message);
        log.error(event, Map.of("problem", message));
    }

    /** Stages, checks and publishes the set; a staged version that fails its check is removed. */
    private void publish(Map<ClusterObject, HasMetadata> objects) throws ConfigProblem, IOException {
        List<MirroredFile> files = ConfigSet.files(settings, objects);
        Path staged = directory.stage(files);
        try {
            StagedCheck.check(settings, directory.root(), staged);
        } catch (ConfigProblem | IOException | RuntimeException e) {
            directory.discard(staged);
            throw e;
        }
        directory.publish(staged);
        published = versions(objects);
    }

    private static String versions(Map<ClusterObject, HasMetadata> objects) {
        List<String> versions = new ArrayList<>();
        objects.forEach((object, resource) -> versions.add(object.kind().resource() + "/" + object.name() + "="
                + resource.getMetadata().getUid() + "/" + resource.getMetadata().getResourceVersion()));
        return String.join(",", versions);
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
