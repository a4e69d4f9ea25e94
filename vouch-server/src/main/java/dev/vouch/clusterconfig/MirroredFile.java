package dev.vouch.clusterconfig;

import java.util.List;
import java.util.Objects;

/**
 * One file of a mirrored set.
 *
 * @param segments its path below the version directory, one name per segment, each a valid object key or name
 * @param content its bytes
 * @param secret whether it comes from a Secret: then its mode is 0600 and its content is never shown
 */
record MirroredFile(List<String> segments, byte[] content, boolean secret) {
    MirroredFile {
        segments = List.copyOf(segments);
        Objects.requireNonNull(content, "content");
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a file needs a name");
        }
        for (String segment : segments) {
            if (!ObjectKeys.isKey(segment)) {
                throw new IllegalArgumentException("\"" + segment + "\": " + ObjectKeys.RULE);
            }
        }
    }

    /** The path as shown: {@code keys/NAME/KEY}. */
    String path() {
        return String.join("/", segments);
    }
}
