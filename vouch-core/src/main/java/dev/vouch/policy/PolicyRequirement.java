package dev.vouch.policy;

/**
 * One requirement of a policy scope, one record per JSON {@code type} of containers-policy.json(5). All
 * requirements of a scope must accept an image.
 *
 * <ul>
 *   <li>{@link InsecureAcceptAnything} ({@code insecureAcceptAnything})</li>
 *   <li>{@link Reject} ({@code reject})</li>
 *   <li>{@link SignedBy} ({@code signedBy}): simple-signing (OpenPGP) signatures</li>
 *   <li>{@link SigstoreSigned} ({@code sigstoreSigned}): sigstore signatures</li>
 *   <li>{@link SignedBaseLayer} ({@code signedBaseLayer}): accepted by the parser, never satisfied</li>
 * </ul>
 */
public sealed interface PolicyRequirement
        permits InsecureAcceptAnything, Reject, SignedBy, SigstoreSigned, SignedBaseLayer {

    /** The JSON {@code type} value. */
    String type();
}
