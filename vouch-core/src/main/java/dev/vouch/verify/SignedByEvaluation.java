package dev.vouch.verify;

import dev.vouch.policy.IdentityMatch;
import dev.vouch.policy.IdentityMatcher;
import dev.vouch.policy.SignedBy;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.signature.simple.SimpleSigningRules;
import dev.vouch.signature.simple.SimpleSigningVerifier;
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import java.io.IOException;
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
        return SimpleSigningVerifier.verify(signature, keyring, new Rules());
    }

    private final class Rules implements SimpleSigningRules {
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
