package dev.vouch.signature.sigstore;

/**
 * Trusted material configured by the policy (a public key, a Rekor key, CA certificates) cannot be read or used.
 * A requirement with such material accepts no signature; the message names the file when there is one.
 */
public class InvalidTrustMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTrustMaterialException(String message) {
        super(message);
    }

    public InvalidTrustMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
