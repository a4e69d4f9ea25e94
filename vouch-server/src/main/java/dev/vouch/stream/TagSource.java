package dev.vouch.stream;

import dev.vouch.image.ImageTransports;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.image.oci.OciReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.TransportReference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a stream tag follows: a tag in a registry ({@code docker://host/repo:tag}; without a tag, {@code :latest})
 * or an image in an OCI layout ({@code oci:PATH[:NAME]}). A digest never moves, so {@code docker://...@sha256:...}
 * is refused, as are the other transports.
 *
 * @param text the source as written in the configuration (a relative OCI path made absolute)
 * @param reference the parsed image, a {@link DockerTransportReference} with a tag or an {@link OciReference}
 */
public record TagSource(String text, TransportReference reference) {

    public TagSource {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reference, "reference");
        if (reference instanceof DockerTransportReference docker) {
            if (docker.dockerReference().orElseThrow().tag().isEmpty()) {
                throw new IllegalArgumentException("a stream tag follows a tag, not a digest: " + text);
            }
        } else if (!(reference instanceof OciReference)) {
            throw new IllegalArgumentException("a stream tag follows docker://HOST/REPO:TAG or oci:PATH[:NAME], not "
                    + text);
        }
    }

    /**
     * Parses {@code text}; a relative {@code oci:} path is taken relative to {@code baseDirectory} (the
     * configuration file's directory).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static TagSource parse(String text, Path baseDirectory) {
        String resolved = text;
        if (text.startsWith("oci:") && !text.startsWith("oci:/")) {
            resolved = "oci:" + baseDirectory.toAbsolutePath().resolve(text.substring(4));
        }
        if (!text.startsWith("docker://") && !text.startsWith("oci:")) {
            throw new IllegalArgumentException("expected docker://HOST/REPO:TAG or oci:PATH[:NAME], got \"" + text
                    + "\"");
        }
        TransportReference reference;
        try {
            reference = ImageTransports.standard().parseImageName(resolved);
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new TagSource(resolved, reference);
    }

    @Override
    public String toString() {
        return text;
    }
}
