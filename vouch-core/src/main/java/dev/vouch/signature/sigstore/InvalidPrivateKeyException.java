package dev.vouch.signature.sigstore;

/**
 * A sigstore private key that cannot be used: unreadable, of an unsupported type, or encrypted with another
 * passphrase. The message names the problem, never the key or the passphrase.
 */
public class InvalidPrivateKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidPrivateKeyException(String message) {
        super(message);
    }

    public InvalidPrivateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
