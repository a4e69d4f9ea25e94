package dev.vouch.gittarget;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link FileEdit} rolls out, for the commit message: the stream and tag followed, the digest written and
 * who signed it.
 *
 * @param stream  the image stream's name
 * @param tag     the stream's tag
 * @param digest  the manifest digest written ({@code sha256:...})
 * @param signers the identities of the accepted signatures (key user IDs or fingerprints); may be empty
 */
public record ChangeDescription(String stream, String tag, String digest, List<String> signers) {
    public ChangeDescription {
        requireLine(stream, "stream");
        requireLine(tag, "tag");
        requireLine(digest, "digest");
        signers = List.copyOf(signers);
        for (String signer : signers) {
            requireLine(signer, "signer");
        }
    }

    /** {@code stream:tag}. */
    public String streamTag() {
        return stream + ":" + tag;
    }

    private static void requireLine(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(name + " must be a non-empty line without control characters");
        }
    }
}
