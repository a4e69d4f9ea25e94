package dev.vouch.signature.openpgp;

import java.time.Instant;
import java.util.Objects;

/**
 * The content of an OpenPGP signed message whose signature was verified by {@link SignedMessageVerifier}
 * against a {@link TrustedKeyring}. Only the verifier creates instances.
 */
public final class VerifiedMessage {

    private final byte[] content;
    private final String primaryKeyFingerprint;
    private final String signingKeyFingerprint;
    private final Instant signatureCreationTime;

    VerifiedMessage(byte[] content, String primaryKeyFingerprint, String signingKeyFingerprint,
                    Instant signatureCreationTime) {
        this.content = content.clone();
        this.primaryKeyFingerprint = Objects.requireNonNull(primaryKeyFingerprint);
        this.signingKeyFingerprint = Objects.requireNonNull(signingKeyFingerprint);
        this.signatureCreationTime = Objects.requireNonNull(signatureCreationTime);
    }

    /** The signed literal data. */
    public byte[] content() {
        return content.clone();
    }

    /** Fingerprint (uppercase hex) of the trusted primary key the signing key belongs to. */
    public String primaryKeyFingerprint() {
        return primaryKeyFingerprint;
    }

    /** Fingerprint of the key that made the signature: the primary key or one of its subkeys. */
    public String signingKeyFingerprint() {
        return signingKeyFingerprint;
    }

    public Instant signatureCreationTime() {
        return signatureCreationTime;
    }

    @Override
    public String toString() {
        return "VerifiedMessage[" + content.length + " bytes, key " + primaryKeyFingerprint
                + (primaryKeyFingerprint.equals(signingKeyFingerprint) ? "" : " subkey " + signingKeyFingerprint)
                + ", signed " + signatureCreationTime + "]";
    }
}
