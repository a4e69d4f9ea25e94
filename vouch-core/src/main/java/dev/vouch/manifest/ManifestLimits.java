package dev.vouch.manifest;

/** Size limits applied before any manifest is parsed or hashed. */
public final class ManifestLimits {
    /** Manifests larger than this are refused (4 MiB, the limit containers/image applies). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private ManifestLimits() {
    }
}
