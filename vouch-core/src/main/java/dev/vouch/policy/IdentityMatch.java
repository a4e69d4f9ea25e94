package dev.vouch.policy;

import java.util.Objects;

/** The outcome of {@link IdentityMatcher#matches}: whether the signed identity is accepted, and why (or why not). */
public record IdentityMatch(boolean matched, String reason) {

    public IdentityMatch {
        Objects.requireNonNull(reason, "reason");
    }

    static IdentityMatch accepted(String reason) {
        return new IdentityMatch(true, reason);
    }

    static IdentityMatch rejected(String reason) {
        return new IdentityMatch(false, reason);
    }
}
