package dev.vouch.verify;

import dev.vouch.policy.IdentityMatch;
import dev.vouch.policy.IdentityMatcher;
import dev.vouch.policy.SignedIdentity;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureClaimMismatchException;
import dev.vouch.signature.sigstore.SigstoreRules;
import dev.vouch.signature.simple.SimpleSigningRules;
import java.io.IOException;
import java.util.Optional;

/**
 * The two checks a policy requirement makes of a cryptographically verified payload, for either signature format:
 * the signed digest is the manifest's, and the signed identity is accepted by the requirement's
 * {@code signedIdentity} for this image.
 */
final class PolicySignatureRules implements SimpleSigningRules, SigstoreRules {
    private final ImageEvidence evidence;
    private final SignedIdentity signedIdentity;
    private final Optional<ImageReference> imageReference;

    PolicySignatureRules(ImageEvidence evidence, SignedIdentity signedIdentity, Optional<ImageReference> imageReference) {
        this.evidence = evidence;
        this.signedIdentity = signedIdentity;
        this.imageReference = imageReference;
    }

    @Override
    public void checkManifestDigest(String untrustedDockerManifestDigest) throws InvalidSignatureException {
        byte[] manifest;
        try {
            manifest = evidence.untrustedManifest();
        } catch (IOException e) {
            throw new InvalidSignatureException(e.getMessage(), e);
        }
        SignedDigests.requireMatch(manifest, untrustedDockerManifestDigest);
    }

    @Override
    public void checkDockerReference(String untrustedDockerReference) throws InvalidSignatureException {
        IdentityMatch match = IdentityMatcher.matches(signedIdentity, imageReference, untrustedDockerReference);
        if (!match.matched()) {
            throw new SignatureClaimMismatchException(SignatureClaimMismatchException.Claim.IDENTITY,
                    "signature for identity \"" + untrustedDockerReference + "\" is not accepted: " + match.reason());
        }
    }
}
