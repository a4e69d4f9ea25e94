package dev.vouch.trigger;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code {"kind":"ImageStreamTag","name":"stream:tag","namespace":"ns"}}: a tag of a vouch image stream. The stream
 * name is one repository path component and the tag a Docker tag (as OpenShift requires of image stream names and
 * tags); the namespace, when present, is a DNS label, and absent means the workload's own namespace.
 */
public record ImageStreamTagSource(String stream, String tag, Optional<String> namespace) implements TriggerSource {
    public static final String KIND = "ImageStreamTag";

    public ImageStreamTagSource {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(namespace, "namespace");
        String problem = problem(stream, tag, namespace);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Parses {@code stream:tag}; {@code namespace} as given in {@code from.namespace} (empty if absent). */
    public static ImageStreamTagSource parse(String name, Optional<String> namespace) throws InvalidTriggerException {
        int colon = name.indexOf(':');
        if (colon <= 0 || colon != name.lastIndexOf(':') || colon == name.length() - 1) {
            throw new InvalidTriggerException("\"" + name + "\" is not an image stream tag; expected STREAM:TAG");
        }
        String stream = name.substring(0, colon);
        String tag = name.substring(colon + 1);
        String problem = problem(stream, tag, namespace);
        if (problem != null) {
            throw new InvalidTriggerException(problem);
        }
        return new ImageStreamTagSource(stream, tag, namespace);
    }

    private static String problem(String stream, String tag, Optional<String> namespace) {
        String name = stream + ":" + tag;
        try {
            ImageReference reference = ImageReference.parse(name);
            if (stream.contains("/") || stream.contains("@") || !reference.tag().orElse("").equals(tag)
                    || reference.digest().isPresent()) {
                throw new InvalidReferenceException(name);
            }
        } catch (InvalidReferenceException e) {
            return "\"" + name + "\" is not a valid image stream tag (STREAM:TAG, the stream lowercase letters, "
                    + "digits and separators, the tag a Docker tag)";
        }
        if (namespace.isPresent() && !KubernetesNames.isDnsLabel(namespace.get())) {
            return "\"" + namespace.get() + "\" is not a valid namespace (a DNS label)";
        }
        return null;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String name() {
        return stream + ":" + tag;
    }

    /** {@code [namespace/]stream:tag}, the form {@code oc set triggers --from-image} takes. */
    @Override
    public String toString() {
        return namespace.map(ns -> ns + "/").orElse("") + name();
    }
}
