package dev.vouch.policy.edit;

/** A {@code trust set} request cannot be applied; the message says why. The policy file is left unchanged. */
public class PolicyEditException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyEditException(String message) {
        super(message);
    }

    public PolicyEditException(String message, Throwable cause) {
        super(message, cause);
    }
}
