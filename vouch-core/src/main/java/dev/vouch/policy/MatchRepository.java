package dev.vouch.policy;

/** {@code matchRepository}: the signature must name the image's repository, with any tag or digest. */
public record MatchRepository() implements SignedIdentity {
    public static final String TYPE = "matchRepository";

    @Override
    public String type() {
        return TYPE;
    }
}
