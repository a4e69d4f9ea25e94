package dev.vouch.gittarget;

/** A Git target cannot be opened or used: its message names the directory or remote and what went wrong. */
public final class GitTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public GitTargetException(String message) {
        super(message);
    }

    public GitTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
