package dev.vouch.trigger;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code fieldPath} of a trigger: which container's image it sets. The accepted forms are those OpenShift's
 * trigger controller resolves, with {@code POD} either {@code spec.template.spec} (Deployment, StatefulSet,
 * DaemonSet) or {@code spec.jobTemplate.spec.template.spec} (CronJob):
 * <ul>
 *   <li>{@code POD.containers[?(@.name=="web")].image} and {@code POD.initContainers[?(@.name=="web")].image}:
 *       the container with that name. As in OpenShift, a name is looked up among the init containers and the
 *       containers alike (Kubernetes requires the names to be unique across both), which is why
 *       {@code oc set triggers} writes the {@code containers[...]} form for init containers too;</li>
 *   <li>{@code POD.containers[0].image} and {@code POD.initContainers[0].image}: by position in that list.</li>
 * </ul>
 * Anything else is rejected, including what OpenShift would silently skip: another prefix, a field other than
 * {@code image}, blanks, single quotes, a signed or zero-padded index, a name that is not a DNS label. The string
 * form ({@link #toString()}) is exactly the parsed text.
 */
public final class FieldPath {
    private static final Pattern FORM = Pattern.compile(
            "(spec\\.template\\.spec|spec\\.jobTemplate\\.spec\\.template\\.spec)\\.(containers|initContainers)"
                    + "\\[(?:(0|[1-9][0-9]{0,8})|\\?\\(@\\.name==\"([^\"\\]]*)\"\\))\\]\\.image");

    private final PodSpecPath podSpec;
    private final boolean initContainers;
    private final String containerName;
    private final int containerIndex;

    private FieldPath(PodSpecPath podSpec, boolean initContainers, String containerName, int containerIndex) {
        this.podSpec = podSpec;
        this.initContainers = initContainers;
        this.containerName = containerName;
        this.containerIndex = containerIndex;
    }

    /** Parses one of the accepted forms (see the class comment). */
    public static FieldPath parse(String value) throws InvalidTriggerException {
        Objects.requireNonNull(value, "fieldPath");
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw new InvalidTriggerException("\"" + value + "\" is not a supported field path; expected "
                    + "spec.template.spec.containers[?(@.name==\"NAME\")].image, ...containers[INDEX].image or the "
                    + "same with initContainers (CronJob: spec.jobTemplate.spec.template.spec...)");
        }
        PodSpecPath podSpec = m.group(1).equals(PodSpecPath.TEMPLATE.path()) ? PodSpecPath.TEMPLATE
                : PodSpecPath.JOB_TEMPLATE;
        boolean init = m.group(2).equals("initContainers");
        if (m.group(3) != null) {
            return new FieldPath(podSpec, init, null, Integer.parseInt(m.group(3)));
        }
        String name = m.group(4);
        if (!KubernetesNames.isDnsLabel(name)) {
            throw new InvalidTriggerException("\"" + value + "\": container name \"" + name
                    + "\" is not valid (lowercase letters, digits and '-', at most 63)");
        }
        return new FieldPath(podSpec, init, name, -1);
    }

    /** The form {@code oc set triggers} writes: {@code POD.containers[?(@.name=="NAME")].image}. */
    public static FieldPath ofContainerName(PodSpecPath podSpec, String name) throws InvalidTriggerException {
        return parse(podSpec.path() + ".containers[?(@.name==\"" + name + "\")].image");
    }

    public PodSpecPath podSpec() {
        return podSpec;
    }

    /** Whether the path says {@code initContainers} (only decisive for the index form). */
    public boolean initContainers() {
        return initContainers;
    }

    /** The container name of the {@code [?(@.name=="...")]} form. */
    public Optional<String> containerName() {
        return Optional.ofNullable(containerName);
    }

    /** The position of the {@code [N]} form. */
    public OptionalInt containerIndex() {
        return containerName == null ? OptionalInt.of(containerIndex) : OptionalInt.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath that && toString().equals(that.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        String selector = containerName != null ? "?(@.name==\"" + containerName + "\")" : Integer.toString(containerIndex);
        return podSpec.path() + (initContainers ? ".initContainers[" : ".containers[") + selector + "].image";
    }
}
