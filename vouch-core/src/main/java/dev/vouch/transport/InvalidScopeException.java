package dev.vouch.transport;

/** A policy scope is not valid for its transport; the message says what a valid one looks like. */
public class InvalidScopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidScopeException(String message) {
        super(message);
    }
}
