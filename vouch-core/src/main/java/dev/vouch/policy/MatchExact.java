package dev.vouch.policy;

/** {@code matchExact}: the signed reference must equal the image reference, both tagged or both by digest. */
public record MatchExact() implements SignedIdentity {
    public static final String TYPE = "matchExact";

    @Override
    public String type() {
        return TYPE;
    }
}
