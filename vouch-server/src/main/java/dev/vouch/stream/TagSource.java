package dev.vouch.stream;

import dev.vouch.image.ImageTransports;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.image.dir.DirReference;
import dev.vouch.image.oci.OciReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.TransportReference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a stream tag follows: a tag in a registry ({@code docker://host/repo:tag}; without a tag, {@code :latest})
 * an image in an OCI layout ({@code oci:PATH[:NAME]}) or an image directory with its signatures ({@code dir:PATH}, as
 * {@code skopeo copy} writes it). A digest never moves, so {@code docker://...@sha256:...}
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
        } else if (!(reference instanceof OciReference) && !(reference instanceof DirReference)) {
            throw new IllegalArgumentException("a stream tag follows docker://HOST/REPO:TAG, oci:PATH[:NAME] or "
                    + "dir:PATH, not " + text);
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
        if (text.startsWith("dir:") && !text.startsWith("dir:/")) {
            resolved = "dir:" + baseDirectory.toAbsolutePath().resolve(text.substring(4));
        }
        if (!text.startsWith("docker://") && !text.startsWith("oci:") && !text.startsWith("dir:")) {
            throw new IllegalArgumentException("expected docker://HOST/REPO:TAG, oci:PATH[:NAME] or dir:PATH, got \""
                    + text + "\"");
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
