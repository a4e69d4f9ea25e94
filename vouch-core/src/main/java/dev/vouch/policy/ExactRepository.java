package dev.vouch.policy;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.util.Objects;

/**
 * {@code exactRepository}: the signature must name a reference in repository {@code dockerRepository} (any tag or
 * digest), whatever the image is called. The value, kept as written, must parse as a Docker reference; like
 * containers/image, a tag or digest in it is accepted and ignored (only its repository name is compared).
 */
public record ExactRepository(String dockerRepository) implements SignedIdentity {
    public static final String TYPE = "exactRepository";

    public ExactRepository {
        Objects.requireNonNull(dockerRepository, "dockerRepository");
        try {
            ImageReference.parse(dockerRepository);
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException("invalid dockerRepository \"" + dockerRepository + "\": "
                    + e.getMessage(), e);
        }
    }

    /** The normalized repository name, e.g. {@code docker.io/library/busybox}. */
    public String repositoryName() {
        return ImageReference.parse(dockerRepository).name();
    }

    @Override
    public String type() {
        return TYPE;
    }
}
