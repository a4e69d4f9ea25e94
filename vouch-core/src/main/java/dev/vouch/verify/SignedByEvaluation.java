package dev.vouch.verify;

import dev.vouch.policy.SignedBy;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.signature.simple.SimpleSigningVerifier;
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code signedBy} requirement applied to one simple signing signature, in the order of containers/image:
 * key type, keys, the OpenPGP verification (key, cryptography, expiry, revocation), then the signed manifest
 * digest, then the signed identity.
 */
final class SignedByEvaluation {
    private final SignedBy requirement;
    private final ImageEvidence evidence;
    private final Optional<ImageReference> imageReference;
    private final KeyringCache keyrings;

    SignedByEvaluation(SignedBy requirement, ImageEvidence evidence, Optional<ImageReference> imageReference,
                       KeyringCache keyrings) {
        this.requirement = requirement;
        this.evidence = evidence;
        this.imageReference = imageReference;
        this.keyrings = keyrings;
    }

    /** What {@code requirement} makes of the image's simple signing signatures: one accepted suffices. */
    static RequirementOutcome outcome(SignedBy requirement, TransportReference image,
                                                       ImageEvidence evidence, KeyringCache keyrings) {
        List<UntrustedSignature> signatures;
        try {
            signatures = evidence.untrustedSignatures();
        } catch (IOException e) {
            return RequirementOutcome.readFailed(requirement, e);
        }
        SignedByEvaluation evaluation = new SignedByEvaluation(requirement, evidence, image.dockerReference(), keyrings);
        List<SignatureOutcome> outcomes = new ArrayList<>();
        boolean accepted = false;
        for (int i = 0; i < signatures.size(); i++) {
            if (!(signatures.get(i) instanceof UntrustedSimpleSignature simple)) {
                continue;
            }
            try {
                VerifiedSimpleSignature verified = evaluation.verify(simple);
                accepted = true;
                outcomes.add(SignatureOutcome.accepted(i + 1, simple.formatName(),
                        "signed by " + verified.signerPrimaryFingerprint() + " for " + verified.dockerReference(),
                        verified.signerPrimaryFingerprint(), verified.dockerReference()));
            } catch (InvalidSignatureException | RuntimeException e) {
                outcomes.add(SignatureOutcome.rejected(i + 1, simple.formatName(), e));
            }
        }
        String reason;
        if (accepted) {
            reason = "a signature by a trusted key, for this manifest and an accepted identity";
        } else if (outcomes.isEmpty()) {
            reason = "a signature was required, but no signature exists";
        } else if (outcomes.size() == 1) {
            reason = outcomes.get(0).reason();
        } else {
            reason = "none of the " + outcomes.size() + " signatures was accepted";
        }
        return new RequirementOutcome(requirement, accepted, reason, outcomes);
    }

    /** Verifies {@code signature}; a failure at any step is a rejection with that step's reason. */
    VerifiedSimpleSignature verify(UntrustedSimpleSignature signature) throws InvalidSignatureException {
        if (!requirement.keyType().isImplemented()) {
            throw new InvalidSignatureException("unimplemented keyType \"" + requirement.keyType().jsonName() + "\"");
        }
        TrustedKeyring keyring;
        try {
            keyring = keyrings.keyring(requirement.keys());
        } catch (InvalidKeyException e) {
            throw new InvalidSignatureException(e.getMessage(), e);
        }
        return SimpleSigningVerifier.verify(signature, keyring,
                new PolicySignatureRules(evidence, requirement.signedIdentity(), imageReference));
    }
}
