package dev.vouch.manifests;

/** A manifest file cannot be read at all (not UTF-8, not YAML, too large): {@code file:line: what is wrong}. */
public final class InvalidManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
