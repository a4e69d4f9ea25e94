package dev.vouch.verify;

import dev.vouch.manifest.ManifestDigests;
import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureClaimMismatchException;

/** The rule every signature check shares: the digest a signature claims must be the manifest's. */
public final class SignedDigests {
    private SignedDigests() {
    }

    /**
     * Accepts only if {@code untrustedSignedDigest} is a valid digest that {@code manifest} hashes to (for a signed
     * schema 1 manifest, its payload without the JWS signatures).
     */
    public static void requireMatch(byte[] manifest, String untrustedSignedDigest) throws InvalidSignatureException {
        Digest signed;
        try {
            signed = Digest.parse(untrustedSignedDigest);
        } catch (InvalidReferenceException e) {
            throw new SignatureClaimMismatchException(SignatureClaimMismatchException.Claim.MANIFEST_DIGEST,
                    "signature for digest \"" + untrustedSignedDigest + "\" is not valid: " + e.getMessage());
        }
        if (!ManifestDigests.matches(manifest, signed)) {
            throw new SignatureClaimMismatchException(SignatureClaimMismatchException.Claim.MANIFEST_DIGEST,
                    "signature for digest " + signed + " does not match the manifest");
        }
    }
}
