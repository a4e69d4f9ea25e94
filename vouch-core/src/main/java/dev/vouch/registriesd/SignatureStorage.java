package dev.vouch.registriesd;

import java.net.URI;
import java.util.Objects;

/**
 * Where the signatures of one image live, per registries.d.
 *
 * @param readBase the lookaside base URL for reading (not yet extended with the repository path)
 * @param writeBase the lookaside base URL for writing (staging, falling back to the reading URL)
 * @param useSigstoreAttachments whether sigstore attachments are read and written
 */
public record SignatureStorage(URI readBase, URI writeBase, boolean useSigstoreAttachments) {

    public SignatureStorage {
        Objects.requireNonNull(readBase, "readBase");
        Objects.requireNonNull(writeBase, "writeBase");
    }
}
