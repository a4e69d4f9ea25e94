package dev.vouch.verify;

import dev.vouch.signature.SignatureClaimMismatchException;
import java.io.IOException;
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
 * @param rejection why it was rejected, as a class a program can act on ({@link Rejection#NONE} when accepted)
 */
public record SignatureOutcome(int index, String format, boolean accepted, String reason,
                               Optional<String> signerFingerprint, Optional<String> signedReference,
                               Rejection rejection) {

    /** The classes of rejection. */
    public enum Rejection {
        /** Accepted. */
        NONE,
        /** Not made by a trusted key, or not a valid signature at all. */
        UNTRUSTED,
        /** A trusted signature for another manifest digest. */
        DIGEST_MISMATCH,
        /** A trusted signature for an identity the requirement does not accept for this image. */
        IDENTITY_MISMATCH,
        /** Checking it needed data that could not be read (the manifest, a certificate): not a verdict on it. */
        UNREADABLE
    }

    public SignatureOutcome {
        if (index < 1) {
            throw new IllegalArgumentException("signature index starts at 1");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signerFingerprint, "signerFingerprint");
        Objects.requireNonNull(signedReference, "signedReference");
        Objects.requireNonNull(rejection, "rejection");
        if (accepted != (rejection == Rejection.NONE)) {
            throw new IllegalArgumentException("an accepted signature has no rejection, a rejected one has one");
        }
    }

    /** An accepted signature. */
    static SignatureOutcome accepted(int index, String format, String reason, String signerFingerprint,
                                     String signedReference) {
        return new SignatureOutcome(index, format, true, reason, Optional.of(signerFingerprint),
                Optional.of(signedReference), Rejection.NONE);
    }

    /** A signature rejected because of {@code failure}, classified by its type and causes. */
    static SignatureOutcome rejected(int index, String format, Exception failure) {
        return new SignatureOutcome(index, format, false, String.valueOf(failure.getMessage()), Optional.empty(),
                Optional.empty(), classify(failure));
    }

    private static Rejection classify(Throwable failure) {
        if (failure instanceof SignatureClaimMismatchException mismatch) {
            return mismatch.claim() == SignatureClaimMismatchException.Claim.IDENTITY ? Rejection.IDENTITY_MISMATCH
                    : Rejection.DIGEST_MISMATCH;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return Rejection.UNREADABLE;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Rejection.UNTRUSTED;
    }
}
