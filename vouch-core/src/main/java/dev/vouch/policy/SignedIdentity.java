package dev.vouch.policy;

/**
 * How the identity claimed by a signature (a Docker reference) must relate to the image's own identity: the
 * {@code signedIdentity} of containers-policy.json(5), one record per JSON {@code type}. Evaluated by
 * {@link IdentityMatcher}.
 */
public sealed interface SignedIdentity
        permits MatchExact, MatchRepoDigestOrExact, MatchRepository, ExactReference, ExactRepository, RemapIdentity {

    /** The JSON {@code type} value. */
    String type();
}
