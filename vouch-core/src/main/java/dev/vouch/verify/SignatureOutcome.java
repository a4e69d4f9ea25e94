package dev.vouch.verify;

import java.util.Objects;
import java.util.Optional;

/**
 * What one requirement made of one stored signature.
 *
 * @param index the signature's position among the image's signatures, from 1 (as in {@code signature-N})
 * @param format the storage format, {@code simple-signing} or {@code sigstore-json}
 * @param accepted whether this signature satisfied the requirement
 * @param reason why it was accepted or rejected, for people
 * @param signerFingerprint the primary key that made the signature, once cryptographically verified (for a sigstore
 *     signature, {@code SHA256:<hex>} of the DER public key)
 * @param signedReference the identity the signature claims, once verified
 */
public record SignatureOutcome(int index, String format, boolean accepted, String reason,
                               Optional<String> signerFingerprint, Optional<String> signedReference) {

    public SignatureOutcome {
        if (index < 1) {
            throw new IllegalArgumentException("signature index starts at 1");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signerFingerprint, "signerFingerprint");
        Objects.requireNonNull(signedReference, "signedReference");
    }

    static SignatureOutcome rejected(int index, String format, String reason) {
        return new SignatureOutcome(index, format, false, reason, Optional.empty(), Optional.empty());
    }
}
