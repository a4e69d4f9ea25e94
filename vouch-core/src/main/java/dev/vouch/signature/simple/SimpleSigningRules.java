package dev.vouch.signature.simple;

import dev.vouch.signature.InvalidSignatureException;

/**
 * What a caller (a {@code signedBy} policy requirement, {@code standalone-verify}) accepts in a cryptographically
 * verified simple signing payload. {@link SimpleSigningVerifier} calls {@link #checkManifestDigest} first, then
 * {@link #checkDockerReference}, as containers/image does; either throws to reject, with a reason the user reads.
 */
public interface SimpleSigningRules {

    /** Accepts or rejects {@code critical.image.docker-manifest-digest} (e.g. it must match the image's manifest). */
    void checkManifestDigest(String untrustedDockerManifestDigest) throws InvalidSignatureException;

    /** Accepts or rejects {@code critical.identity.docker-reference} (e.g. per the policy's signedIdentity). */
    void checkDockerReference(String untrustedDockerReference) throws InvalidSignatureException;
}
