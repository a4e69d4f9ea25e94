package dev.vouch.manifest;

import dev.vouch.reference.Digest;
import java.util.List;
import java.util.Objects;

/**
 * A Docker schema 1 manifest (signed or not): its repository name, tag and layer blob sums, in the order stored
 * (the top layer first).
 */
public record Schema1Manifest(String mediaType, String name, String tag, List<Digest> blobSums)
        implements ParsedManifest {

    public Schema1Manifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
        blobSums = List.copyOf(blobSums);
    }
}
