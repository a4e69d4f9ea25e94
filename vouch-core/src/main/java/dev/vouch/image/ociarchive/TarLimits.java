package dev.vouch.image.ociarchive;

/**
 * Bounds on the work done reading an OCI archive, so that a hostile archive (a "tar bomb") is refused.
 *
 * @param maxEntries the most tar entries read
 * @param maxSmallFileBytes the largest {@code oci-layout}, {@code index.json} or blob extracted (larger blobs are
 *     layers; they are skipped, never extracted)
 * @param maxExtractedBytes the most bytes written to the temporary directory in total
 * @param maxTotalBytes the most bytes read from the (possibly decompressed) archive stream
 */
public record TarLimits(int maxEntries, int maxSmallFileBytes, long maxExtractedBytes, long maxTotalBytes) {

    /** 100,000 entries; 4 MiB per extracted file; 256 MiB extracted; 64 GiB read. */
    public static final TarLimits DEFAULT = new TarLimits(100_000, 4 * 1024 * 1024, 256L * 1024 * 1024,
            64L * 1024 * 1024 * 1024);

    public TarLimits {
        if (maxEntries <= 0 || maxSmallFileBytes <= 0 || maxExtractedBytes <= 0 || maxTotalBytes <= 0) {
            throw new IllegalArgumentException("tar limits must be positive");
        }
    }
}
