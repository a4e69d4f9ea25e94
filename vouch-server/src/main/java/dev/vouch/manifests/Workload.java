package dev.vouch.manifests;

import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.Trigger;
import java.util.List;
import java.util.Optional;

/**
 * A workload document of a manifest file.
 *
 * @param document     the 0-based index of the YAML document in the file
 * @param id           kind, namespace and name
 * @param line         the 1-based line where the document starts
 * @param annotated    whether the manifest has the trigger annotation (valid or not, possibly empty)
 * @param triggers     the parsed trigger annotation; empty when absent or malformed
 * @param triggerError why the annotation is malformed, if it is (also reported as a {@link ManifestProblem})
 * @param containers   the init containers, then the containers, in file order
 */
public record Workload(int document, WorkloadId id, int line, boolean annotated, List<Trigger> triggers, Optional<String> triggerError,
                       List<Container> containers) {

    public Workload {
        triggers = List.copyOf(triggers);
        containers = List.copyOf(containers);
    }

    /**
     * The container a field path names, resolved as OpenShift does: by position within the list the path names,
     * or by name among the init containers and the containers alike. Empty if the path is for another kind of
     * workload or no container matches.
     */
    public Optional<Container> container(FieldPath fieldPath) {
        if (fieldPath.podSpec() != id.kind().podSpec()) {
            return Optional.empty();
        }
        if (fieldPath.containerName().isPresent()) {
            return containers.stream().filter(c -> c.name().equals(fieldPath.containerName().get())).findFirst();
        }
        int index = fieldPath.containerIndex().getAsInt();
        return containers.stream().filter(c -> c.init() == fieldPath.initContainers() && c.index() == index)
                .findFirst();
    }

    /** The container named {@code name}, init or not. */
    public Optional<Container> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
