package dev.vouch.policy;

import java.util.Objects;

/**
 * One problem found in a policy file: {@code path} is a JSON path such as
 * {@code transports.docker["quay.io/x"][0].signedIdentity.type} ({@code ""} for the document itself).
 */
public record PolicyError(String path, String message) {

    public PolicyError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, or just the message at the document root. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
