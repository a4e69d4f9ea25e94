package dev.vouch.policy;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.util.Objects;

/**
 * {@code exactReference}: the signature must name exactly {@code dockerReference}, whatever the image is called.
 * The value, kept as written, must parse as a (normalizable) Docker reference with a tag or a digest.
 */
public record ExactReference(String dockerReference) implements SignedIdentity {
    public static final String TYPE = "exactReference";

    public ExactReference {
        Objects.requireNonNull(dockerReference, "dockerReference");
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(dockerReference);
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException("invalid dockerReference \"" + dockerReference + "\": " + e.getMessage(), e);
        }
        if (parsed.isNameOnly()) {
            throw new IllegalArgumentException("dockerReference \"" + dockerReference
                    + "\" contains neither a tag nor a digest");
        }
    }

    /** The normalized reference. */
    public ImageReference reference() {
        return ImageReference.parse(dockerReference);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
