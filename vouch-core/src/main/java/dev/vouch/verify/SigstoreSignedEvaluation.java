package dev.vouch.verify;

import dev.vouch.policy.SigstoreSigned;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.sigstore.InvalidTrustMaterialException;
import dev.vouch.signature.sigstore.SigstoreTrust;
import dev.vouch.signature.sigstore.SigstoreVerifier;
import dev.vouch.signature.sigstore.VerifiedSigstoreSignature;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** What {@code requirement} makes of the image's sigstore signatures: one accepted suffices. */
    static RequirementOutcome outcome(SigstoreSigned requirement, TransportReference image,
                                                             ImageEvidence evidence) {
        List<UntrustedSignature> signatures;
        try {
            signatures = evidence.untrustedSignatures();
        } catch (IOException e) {
            return RequirementOutcome.readFailed(requirement, e);
        }
        SigstoreSignedEvaluation evaluation = new SigstoreSignedEvaluation(requirement, evidence,
                image.dockerReference(), Instant.now());
        List<SignatureOutcome> outcomes = new ArrayList<>();
        int simpleSignatures = 0;
        int otherAttachments = 0;
        boolean accepted = false;
        for (int i = 0; i < signatures.size(); i++) {
            if (!(signatures.get(i) instanceof UntrustedSigstoreSignature sigstore)) {
                simpleSignatures++;
                continue;
            }
            if (!SigstoreSignedEvaluation.isSignature(sigstore)) {
                otherAttachments++;
                continue;
            }
            try {
                VerifiedSigstoreSignature verified = evaluation.verify(sigstore);
                accepted = true;
                outcomes.add(SignatureOutcome.accepted(i + 1, sigstore.formatName(),
                        "signed by " + verified.signer() + " for " + verified.dockerReference(),
                        verified.signerKeyFingerprint(), verified.dockerReference()));
            } catch (InvalidSignatureException | RuntimeException e) {
                outcomes.add(SignatureOutcome.rejected(i + 1, sigstore.formatName(), e));
            }
        }
        String reason;
        if (accepted) {
            reason = "a sigstore signature by a trusted signer, for this manifest and an accepted identity";
        } else if (outcomes.isEmpty()) {
            reason = simpleSignatures == 0 && otherAttachments == 0
                    ? "a signature was required, but no signature exists"
                    : "a signature was required, but no signature exists (" + simpleSignatures
                            + " non-sigstore signatures, " + otherAttachments + " sigstore non-signature attachments)";
        } else if (outcomes.size() == 1) {
            reason = outcomes.get(0).reason();
        } else {
            reason = "none of the " + outcomes.size() + " signatures was accepted";
        }
        return new RequirementOutcome(requirement, accepted, reason, outcomes);
    }

    /** Whether {@code signature} is a sigstore signature at all, rather than some other attachment. */
    static boolean isSignature(UntrustedSigstoreSignature signature) {
        return signature.mimeType().equals(UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE);
    }

    /** Verifies {@code signature}; a failure at any step is a rejection with that step's reason. */
    VerifiedSigstoreSignature verify(UntrustedSigstoreSignature signature) throws InvalidSignatureException {
        return SigstoreVerifier.verify(signature, trust(),
                new PolicySignatureRules(evidence, requirement.signedIdentity(), imageReference), now);
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
}
