package dev.vouch.cli.triggers;

import dev.vouch.manifests.Container;
import dev.vouch.manifests.Workload;
import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.ImageStreamTagSource;
import dev.vouch.trigger.InvalidTriggerException;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code vouch set triggers} asks for, and its effect on one workload's triggers, with the meaning of
 * {@code oc set triggers}:
 * <ul>
 *   <li>{@link Mode#SET} ({@code --from-image ... --containers ...}, automatic unless {@code --manual}): the source
 *       becomes the trigger of exactly these containers, replacing the triggers it had (on any container); a
 *       container that another source triggers is an error ("only one trigger may reference each container"), and so
 *       is a container the workload does not have ("not all container names exist");</li>
 *   <li>{@link Mode#RESET} ({@code --auto} or {@code --manual} alone): every trigger becomes automatic or paused;</li>
 *   <li>{@link Mode#REMOVE} ({@code --remove --from-image ...}): the source's triggers go, only on the given containers
 *       if {@code --containers} is given;</li>
 *   <li>{@link Mode#REMOVE_ALL}: no triggers (the annotation is removed).</li>
 * </ul>
 */
record TriggerRequest(Mode mode, Optional<TriggerSource> source, List<String> containers, boolean manual) {

    enum Mode { SET, RESET, REMOVE, REMOVE_ALL }

    /** The workload's new triggers; throws if the request cannot apply to it. */
    List<Trigger> apply(Workload workload) throws RequestException {
        if (mode == Mode.REMOVE_ALL) {
            return List.of();
        }
        if (workload.triggerError().isPresent()) {
            throw new RequestException("the trigger annotation is malformed: " + workload.triggerError().get()
                    + " (--remove-all removes it)");
        }
        Set<String> targets = new LinkedHashSet<>();
        for (int i = 0; i < workload.triggers().size(); i++) {
            Optional<Container> target = workload.container(workload.triggers().get(i).fieldPath());
            if (target.isEmpty()) {
                throw new RequestException("triggers[" + i + "].fieldPath: no such container: "
                        + workload.triggers().get(i).fieldPath());
            }
            if (!targets.add(target.get().name())) {
                throw new RequestException("triggers[" + i + "].fieldPath: container " + target.get().name()
                        + " already has a trigger");
            }
        }
        List<Trigger> result = new ArrayList<>();
        switch (mode) {
            case RESET:
                workload.triggers().forEach(t -> result.add(t.withPaused(manual)));
                return result;
            case REMOVE:
                for (Trigger trigger : workload.triggers()) {
                    boolean matches = sameSource(trigger.from(), source.orElseThrow(), workload)
                            && (containers.isEmpty() || containers.contains(target(workload, trigger).name()));
                    if (!matches) {
                        result.add(trigger);
                    }
                }
                return result;
            default:
                return set(workload);
        }
    }

    private List<Trigger> set(Workload workload) throws RequestException {
        Set<String> all = new TreeSet<>();
        workload.containers().forEach(c -> all.add(c.name()));
        Set<String> missing = new TreeSet<>(containers);
        missing.removeAll(all);
        if (!missing.isEmpty()) {
            throw new RequestException("not all container names exist: " + String.join(", ", missing) + " (accepts: "
                    + String.join(", ", all) + ")");
        }
        TriggerSource from = normalized(source.orElseThrow(), workload);
        List<Trigger> result = new ArrayList<>();
        int insertAt = -1;
        Set<String> taken = new LinkedHashSet<>();
        for (Trigger trigger : workload.triggers()) {
            if (sameSource(trigger.from(), from, workload)) {
                insertAt = insertAt < 0 ? result.size() : insertAt;
                continue;
            }
            String name = target(workload, trigger).name();
            if (containers.contains(name)) {
                taken.add(name);
            }
            result.add(trigger);
        }
        if (!taken.isEmpty()) {
            throw new RequestException("only one trigger may reference each container: " + String.join(", ", taken)
                    + " (remove its trigger first)");
        }
        List<Trigger> added = new ArrayList<>();
        for (String name : containers) {
            try {
                added.add(new Trigger(from, FieldPath.ofContainerName(workload.id().kind().podSpec(), name), manual));
            } catch (InvalidTriggerException e) {
                throw new RequestException("--containers: " + e.getMessage());
            }
        }
        result.addAll(insertAt < 0 ? result.size() : insertAt, added);
        return result;
    }

    private static Container target(Workload workload, Trigger trigger) {
        return workload.container(trigger.fieldPath()).orElseThrow();
    }

    /** An image stream tag in the workload's own namespace is written without namespace, as oc does. */
    private static TriggerSource normalized(TriggerSource source, Workload workload) {
        if (source instanceof ImageStreamTagSource stream
                && stream.namespace().filter(ns -> ns.equals(workload.id().namespace())).isPresent()) {
            return new ImageStreamTagSource(stream.stream(), stream.tag(), Optional.empty());
        }
        return source;
    }

    private static boolean sameSource(TriggerSource a, TriggerSource b, Workload workload) {
        return normalized(a, workload).equals(normalized(b, workload));
    }

    /** The request does not fit a workload; the message says why. */
    static final class RequestException extends Exception {
        private static final long serialVersionUID = 1L;

        RequestException(String message) {
            super(message);
        }
    }
}
