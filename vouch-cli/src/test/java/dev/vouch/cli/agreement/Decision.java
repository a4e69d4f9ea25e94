package dev.vouch.cli.agreement;

/** What a policy decides about an image, as both skopeo and vouch report it. */
enum Decision {
    /** skopeo copies the image; vouch verify exits 0. */
    ACCEPTED,
    /** skopeo fails with "Source image rejected"; vouch verify exits 1. */
    REJECTED,
    /** Nothing is decided: skopeo cannot load the trust policy; vouch verify exits 2. */
    INVALID_POLICY
}
