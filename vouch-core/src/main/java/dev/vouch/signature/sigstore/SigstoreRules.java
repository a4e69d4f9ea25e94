package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;

/**
 * The caller's decisions on a cryptographically verified payload, applied by {@link SigstoreVerifier} in this order.
 * Each method accepts by returning and rejects by throwing with the reason.
 */
public interface SigstoreRules {

    /** The signed manifest digest (already a syntactically valid digest) must be the image's. */
    void checkManifestDigest(String untrustedDockerManifestDigest) throws InvalidSignatureException;

    /** The signed identity must be acceptable for the image. */
    void checkDockerReference(String untrustedDockerReference) throws InvalidSignatureException;
}
