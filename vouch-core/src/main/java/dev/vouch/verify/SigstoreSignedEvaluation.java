package dev.vouch.verify;

import dev.vouch.policy.IdentityMatch;
import dev.vouch.policy.IdentityMatcher;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.sigstore.InvalidTrustMaterialException;
import dev.vouch.signature.sigstore.SigstoreRules;
import dev.vouch.signature.sigstore.SigstoreTrust;
import dev.vouch.signature.sigstore.SigstoreVerifier;
import dev.vouch.signature.sigstore.VerifiedSigstoreSignature;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * One {@code sigstoreSigned} requirement applied to sigstore signatures, in the order of containers/image: the trust
 * material (read once, on the first signature; a failure rejects every signature), then {@link SigstoreVerifier}
 * (Rekor SET, certificates, the cryptographic signature, the payload), then the signed manifest digest, then the
 * signed identity.
 */
final class SigstoreSignedEvaluation {
    private final SigstoreSigned requirement;
    private final ImageEvidence evidence;
    private final Optional<ImageReference> imageReference;
    private final Instant now;
    private SigstoreTrust trust;
    private InvalidTrustMaterialException trustFailure;

    SigstoreSignedEvaluation(SigstoreSigned requirement, ImageEvidence evidence, Optional<ImageReference> imageReference,
                             Instant now) {
        this.requirement = requirement;
        this.evidence = evidence;
        this.imageReference = imageReference;
        this.now = now;
    }

    /** Whether {@code signature} is a sigstore signature at all, rather than some other attachment. */
    static boolean isSignature(UntrustedSigstoreSignature signature) {
        return signature.mimeType().equals(UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE);
    }

    /** Verifies {@code signature}; a failure at any step is a rejection with that step's reason. */
    VerifiedSigstoreSignature verify(UntrustedSigstoreSignature signature) throws InvalidSignatureException {
        return SigstoreVerifier.verify(signature, trust(), new Rules(), now);
    }

    private SigstoreTrust trust() throws InvalidSignatureException {
        if (trust == null && trustFailure == null) {
            try {
                trust = SigstoreTrustLoader.load(requirement);
            } catch (InvalidTrustMaterialException e) {
                trustFailure = e;
            } catch (RuntimeException e) {
                trustFailure = new InvalidTrustMaterialException("invalid trust material: " + e.getMessage(), e);
            }
        }
        if (trustFailure != null) {
            throw new InvalidSignatureException(trustFailure.getMessage(), trustFailure);
        }
        return trust;
    }

    private final class Rules implements SigstoreRules {
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
            IdentityMatch match = IdentityMatcher.matches(requirement.signedIdentity(), imageReference,
                    untrustedDockerReference);
            if (!match.matched()) {
                throw new InvalidSignatureException("signature for identity \"" + untrustedDockerReference
                        + "\" is not accepted: " + match.reason());
            }
        }
    }
}
