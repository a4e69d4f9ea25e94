package dev.vouch.manifest;

import dev.vouch.reference.Digest;
import dev.vouch.reference.DigestAlgorithm;
import java.util.Objects;

/**
 * Manifest digests as containers/image computes them ({@code manifest.Digest}): the hash of the raw bytes, except
 * for a signed Docker schema 1 manifest, whose digest is that of its payload with the JWS signatures removed.
 */
public final class ManifestDigests {
    private ManifestDigests() {
    }

    /** The SHA-256 digest of {@code manifest}. */
    public static Digest digest(byte[] manifest) throws InvalidManifestException {
        return digest(manifest, DigestAlgorithm.SHA256);
    }

    /** The digest of {@code manifest} with {@code algorithm}. */
    public static Digest digest(byte[] manifest, DigestAlgorithm algorithm) throws InvalidManifestException {
        Objects.requireNonNull(manifest, "manifest");
        if (manifest.length > ManifestLimits.MAX_MANIFEST_BYTES) {
            throw new InvalidManifestException("manifest is " + manifest.length + " bytes, more than the limit of "
                    + ManifestLimits.MAX_MANIFEST_BYTES);
        }
        byte[] hashed = manifest;
        if (MediaTypes.guess(manifest).filter(MediaTypes.DOCKER_SCHEMA1_SIGNED::equals).isPresent()) {
            hashed = Schema1Payload.extract(manifest);
        }
        return Digest.of(algorithm, hashed);
    }

    /**
     * Whether {@code manifest} has digest {@code expected}, computed with the algorithm of {@code expected}.
     * A manifest whose digest cannot be computed does not match.
     */
    public static boolean matches(byte[] manifest, Digest expected) {
        try {
            return digest(manifest, expected.algorithm()).equals(expected);
        } catch (InvalidManifestException e) {
            return false;
        }
    }
}
