package dev.vouch.manifest;

/** A manifest cannot be parsed or its digest cannot be computed; the message says what is wrong. */
public class InvalidManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }
}
