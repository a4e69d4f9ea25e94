package dev.vouch.signature.openpgp;

/** A key exists but cannot be used to make or accept data signatures now; the message says why. */
final class UnusableKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableKeyException(String message) {
        super(message);
    }
}
