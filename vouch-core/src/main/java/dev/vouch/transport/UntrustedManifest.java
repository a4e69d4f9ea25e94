package dev.vouch.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * Manifest bytes as read, not yet checked against any digest or signature.
 *
 * @param bytes the raw manifest
 * @param mediaType the media type declared by the source, or guessed from the content; may be empty if unknown
 */
public record UntrustedManifest(byte[] bytes, String mediaType) {

    /** Manifests larger than this are refused (the same limit containers/image uses). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    public UntrustedManifest {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("manifest is " + bytes.length + " bytes, more than the limit of "
                    + MAX_BYTES);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UntrustedManifest that && Arrays.equals(bytes, that.bytes)
                && mediaType.equals(that.mediaType);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + mediaType.hashCode();
    }

    @Override
    public String toString() {
        return "UntrustedManifest[" + mediaType + ", " + bytes.length + " bytes]";
    }
}
