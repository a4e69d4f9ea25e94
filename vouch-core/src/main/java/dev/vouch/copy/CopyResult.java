package dev.vouch.copy;

import dev.vouch.reference.Digest;
import java.util.Objects;

/**
 * What a copy wrote.
 *
 * @param manifestDigest the digest of the top-level manifest written (the index with {@code --all})
 * @param blobsCopied blobs transferred
 * @param blobsMounted blobs mounted from another repository of the destination registry
 * @param blobsPresent blobs the destination already had
 * @param signatures signatures written, over all manifests
 */
public record CopyResult(Digest manifestDigest, int blobsCopied, int blobsMounted, int blobsPresent,
                         int signatures) {
    public CopyResult {
        Objects.requireNonNull(manifestDigest, "manifestDigest");
    }
}
