package dev.vouch.signature;

/**
 * A signature could not be read or verified. The message says why, for the person reading a verdict; it never
 * contains key material or passphrases.
 */
public class InvalidSignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String message) {
        super(message);
    }

    public InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
