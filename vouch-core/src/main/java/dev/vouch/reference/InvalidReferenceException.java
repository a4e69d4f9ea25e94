package dev.vouch.reference;

/** A string is not a valid image reference or digest; the message says what was expected. */
public class InvalidReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidReferenceException(String message) {
        super(message);
    }
}
