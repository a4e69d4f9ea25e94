package dev.vouch.kubetarget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.manifests.Workload;
import dev.vouch.manifests.WorkloadId;
import dev.vouch.manifests.WorkloadKind;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerAnnotation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Edits the {@code image.openshift.io/triggers} annotation of one workload in a cluster, as {@code vouch set triggers}
 * edits it in manifest files. The change is a JSON patch that touches the annotation and nothing else, and sets
 * {@code /metadata/resourceVersion} to the version the triggers were read from: the API applies it only if the
 * workload has not changed since (409 Conflict otherwise, see {@link ImagePatch}); on a conflict the workload is read
 * again and the edit computed again, at most {@link #MAX_ATTEMPTS} times. Triggers equal to the current ones write
 * nothing; no triggers remove the annotation.
 */
public final class TriggerAnnotationEditor {
    /** How many times an edit is tried while others keep changing the workload. */
    public static final int MAX_ATTEMPTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    /** The editor works through {@code client}, which the caller owns. */
    public TriggerAnnotationEditor(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** What an edit makes of the workload's triggers; may refuse by throwing. */
    @FunctionalInterface
    public interface Edit<E extends Exception> {
        List<Trigger> apply(Workload workload) throws E;
    }

    /** The workload as read before the edit, and whether the edit wrote anything. */
    public record Outcome(Workload before, boolean changed) {
    }

    /**
     * The workload, as the trigger model sees it.
     *
     * @throws KubeEditException if it does not exist or cannot be read
     */
    public Workload read(WorkloadKind kind, String namespace, String name) throws KubeEditException {
        return ClusterWorkloads.read(kind, get(new WorkloadId(kind, namespace, name)));
    }

    /**
     * Applies {@code edit} to the workload's current triggers and writes the result.
     *
     * @throws E if {@code edit} refuses the workload (nothing is written)
     * @throws KubeEditException if the workload does not exist, the API refuses, or the workload kept changing
     */
    public <E extends Exception> Outcome edit(WorkloadKind kind, String namespace, String name, Edit<E> edit)
            throws E, KubeEditException {
        WorkloadId id = new WorkloadId(kind, namespace, name);
        for (int attempt = 1; ; attempt++) {
            HasMetadata current = get(id);
            Workload before = ClusterWorkloads.read(kind, current);
            List<Trigger> triggers = edit.apply(before);
            boolean same = triggers.isEmpty() ? !before.annotated()
                    : before.triggerError().isEmpty() && triggers.equals(before.triggers());
            if (same) {
                return new Outcome(before, false);
            }
            String patch = patch(current, triggers);
            try {
                resource(id).patch(PatchContext.of(PatchType.JSON), patch);
                return new Outcome(before, true);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw failure(id, "patching", e);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new KubeEditException(id + ": changed by others " + MAX_ATTEMPTS
                            + " times while its triggers were being written; nothing written, try again");
                }
            }
        }
    }

    /**
     * The JSON patch: the resource version read as precondition, then the annotation added (or replaced), or removed
     * when there are no triggers; the {@code annotations} map is created when the workload has none.
     */
    static String patch(HasMetadata current, List<Trigger> triggers) {
        ArrayNode operations = JSON.createArrayNode();
        operations.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                .put("value", current.getMetadata().getResourceVersion());
        String pointer = "/metadata/annotations/" + TriggerAnnotation.KEY.replace("~", "~0").replace("/", "~1");
        if (triggers.isEmpty()) {
            operations.addObject().put("op", "remove").put("path", pointer);
        } else if (current.getMetadata().getAnnotations() == null) {
            ObjectNode annotations = JSON.createObjectNode().put(TriggerAnnotation.KEY,
                    TriggerAnnotation.write(triggers));
            operations.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", annotations);
        } else {
            operations.addObject().put("op", "add").put("path", pointer).put("value",
                    TriggerAnnotation.write(triggers));
        }
        return operations.toString();
    }

    private HasMetadata get(WorkloadId id) throws KubeEditException {
        HasMetadata object;
        try {
            object = resource(id).get();
        } catch (KubernetesClientException e) {
            throw failure(id, "reading", e);
        }
        if (object == null) {
            throw new KubeEditException(id + ": not found");
        }
        return object;
    }

    private Resource<? extends HasMetadata> resource(WorkloadId id) {
        return client.resources(ClusterWorkloads.type(id.kind())).inNamespace(id.namespace()).withName(id.name());
    }

    private static KubeEditException failure(WorkloadId id, String doing, KubernetesClientException e) {
        String status = e.getCode() > 0 ? "HTTP " + e.getCode() + (e.getStatus() != null
                && e.getStatus().getReason() != null ? " " + e.getStatus().getReason() : "") : "no answer";
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : Optional.ofNullable(e.getCause()).map(Throwable::getMessage).orElse(e.getMessage());
        return new KubeEditException(id + ": " + doing + " failed (" + status + "): " + detail, e);
    }

    /** The workload cannot be read or written; the message names it and says why, in one line. */
    public static final class KubeEditException extends Exception {
        private static final long serialVersionUID = 1L;

        KubeEditException(String message) {
            super(message);
        }

        KubeEditException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
