package dev.vouch.registry;

import java.time.Instant;
import java.util.Objects;

/** A bearer token from a token server and when it stops being used. {@link #toString()} hides the token. */
record BearerToken(String value, Instant expiresAt) {

    BearerToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "BearerToken[<redacted>, expiresAt=" + expiresAt + "]";
    }
}
