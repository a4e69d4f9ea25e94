package dev.vouch.policy;

/** {@code matchRepoDigestOrExact}: for a tagged image, as {@link MatchExact}; for an image by digest, the signature must name the same repository (with any tag or digest). The default of {@code signedBy} and {@code sigstoreSigned}. */
public record MatchRepoDigestOrExact() implements SignedIdentity {
    public static final String TYPE = "matchRepoDigestOrExact";

    @Override
    public String type() {
        return TYPE;
    }
}
