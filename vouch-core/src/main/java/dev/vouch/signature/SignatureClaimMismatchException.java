package dev.vouch.signature;

/**
 * A cryptographically valid signature by a trusted key whose claim does not fit the image: it signs another manifest
 * digest, or an identity the policy does not accept for this image.
 */
public final class SignatureClaimMismatchException extends InvalidSignatureException {
    private static final long serialVersionUID = 1L;

    /** Which claim does not fit. */
    public enum Claim {
        /** The signed manifest digest is not the image's. */
        MANIFEST_DIGEST,
        /** The signed identity is not accepted by the requirement's {@code signedIdentity}. */
        IDENTITY
    }

    private final Claim claim;

    public SignatureClaimMismatchException(Claim claim, String message) {
        super(message);
        this.claim = claim;
    }

    public Claim claim() {
        return claim;
    }
}
