package dev.vouch.manifest;

/** A JSON value does not have the type a Go struct field needs. */
final class GoJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    GoJsonException(String message) {
        super(message);
    }
}
