package dev.vouch.trigger;

/**
 * A trigger annotation, field path or source name is malformed. The message names the offending field, e.g.
 * {@code triggers[1].fieldPath: expected ...}.
 */
public final class InvalidTriggerException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTriggerException(String message) {
        super(message);
    }
}
