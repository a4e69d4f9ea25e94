package dev.vouch.signature.sigstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A sigstore signature that {@link SigstoreVerifier} accepted. Only the verifier creates instances.
 */
public final class VerifiedSigstoreSignature {
    private final String signer;
    private final String signerKeyFingerprint;
    private final SigstorePayload payload;
    private final Optional<Instant> rekorIntegratedTime;

    VerifiedSigstoreSignature(String signer, String signerKeyFingerprint, SigstorePayload payload,
                              Optional<Instant> rekorIntegratedTime) {
        this.signer = Objects.requireNonNull(signer);
        this.signerKeyFingerprint = Objects.requireNonNull(signerKeyFingerprint);
        this.payload = Objects.requireNonNull(payload);
        this.rekorIntegratedTime = Objects.requireNonNull(rekorIntegratedTime);
    }

    /** Who signed, for people: "public key 2", or the certificate's e-mail / host name. */
    public String signer() {
        return signer;
    }

    /** {@code SHA256:<hex>} of the DER SubjectPublicKeyInfo of the key that verified the signature. */
    public String signerKeyFingerprint() {
        return signerKeyFingerprint;
    }

    public String dockerManifestDigest() {
        return payload.dockerManifestDigest();
    }

    public String dockerReference() {
        return payload.dockerReference();
    }

    public SigstorePayload payload() {
        return payload;
    }

    /** When Rekor logged the signature, if a Rekor SET was verified. */
    public Optional<Instant> rekorIntegratedTime() {
        return rekorIntegratedTime;
    }

    @Override
    public String toString() {
        return "VerifiedSigstoreSignature[" + signer + ", " + payload.dockerReference() + ", "
                + payload.dockerManifestDigest() + "]";
    }
}
