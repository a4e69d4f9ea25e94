package dev.vouch.manifest;

import dev.vouch.reference.Digest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A content descriptor (OCI image spec): what a manifest, index or layout points to.
 *
 * @param mediaType the declared media type, possibly empty
 * @param digest the digest of the content
 * @param size the size of the content in bytes, never negative
 * @param platform the platform, for the entries of an index
 * @param annotations the annotations, possibly empty
 */
public record Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform,
        Map<String, String> annotations) {

    /** The annotation naming an image in an OCI layout's {@code index.json}. */
    public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        annotations = Map.copyOf(annotations);
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size must not be negative: " + size);
        }
    }

    /** The value of {@code org.opencontainers.image.ref.name}, if any. */
    public Optional<String> refName() {
        return Optional.ofNullable(annotations.get(REF_NAME_ANNOTATION));
    }
}
