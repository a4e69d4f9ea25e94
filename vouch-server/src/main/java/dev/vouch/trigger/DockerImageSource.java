package dev.vouch.trigger;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.util.Objects;

/**
 * {@code {"kind":"DockerImage","name":"quay.io/team/app:1.4"}}: a registry tag followed directly, without an image
 * stream (a vouch extension; OpenShift's controller follows only image stream tags). The name must carry a tag and
 * no digest: a digest never moves, so there would be nothing to follow. It is kept as written; {@link #reference()}
 * is its normalized form.
 */
public record DockerImageSource(String name) implements TriggerSource {
    public static final String KIND = "DockerImage";

    public DockerImageSource {
        Objects.requireNonNull(name, "name");
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Parses {@code [host/]repository:tag}. */
    public static DockerImageSource parse(String name) throws InvalidTriggerException {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidTriggerException(problem);
        }
        return new DockerImageSource(name);
    }

    private static String problem(String name) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
            return "\"" + name + "\" is not a valid image reference: " + e.getMessage();
        }
        if (reference.digest().isPresent() || reference.tag().isEmpty()) {
            return "\"" + name + "\" must name a tag to follow and no digest, e.g. quay.io/team/app:1.4";
        }
        return null;
    }

    /** The normalized reference, e.g. {@code docker.io/library/busybox:1.36}. */
    public ImageReference reference() {
        return ImageReference.parse(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String toString() {
        return name;
    }
}
