package dev.vouch.manifests;

import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A workload read from a cluster rather than a file has no document index or line: both are 0.
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

    /** The triggers that resolve to a container, and why the others do not. */
    public record ResolvedTriggers(List<TriggerBinding> bindings, List<String> problems) {
        public ResolvedTriggers {
            bindings = List.copyOf(bindings);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Resolves each trigger to its container, in annotation order. A trigger whose field path is for another kind of
     * workload, names no container, or names a container an earlier trigger already sets, is a problem
     * ({@code triggers[I].fieldPath: ...}) and has no binding.
     */
    public ResolvedTriggers resolveTriggers() {
        List<TriggerBinding> bindings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Container, Integer> targeted = new HashMap<>();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger trigger = triggers.get(i);
            String at = "triggers[" + i + "].fieldPath: ";
            if (trigger.fieldPath().podSpec() != id.kind().podSpec()) {
                problems.add(at + "does not apply to a " + id.kind().kind() + " (its pod spec is "
                        + id.kind().podSpec() + ")");
                continue;
            }
            Optional<Container> target = container(trigger.fieldPath());
            if (target.isEmpty()) {
                problems.add(at + "no such container in " + id);
                continue;
            }
            Integer other = targeted.putIfAbsent(target.get(), i);
            if (other != null) {
                problems.add(at + "container \"" + target.get().name() + "\" is already the target of triggers["
                        + other + "]");
                continue;
            }
            bindings.add(new TriggerBinding(this, trigger, target.get()));
        }
        return new ResolvedTriggers(bindings, problems);
    }
}
