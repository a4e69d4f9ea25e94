package dev.vouch.manifest;

/** A JSON value does not have the type a Go struct field needs. */
public final class GoJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public GoJsonException(String message) {
        super(message);
    }
}
