/**
 * Sigstore (cosign) signatures, verified offline as containers/image verifies them for {@code sigstoreSigned}:
 * the signature over the payload by a trusted public key, a Fulcio certificate or a private-PKI certificate
 * ({@link dev.vouch.signature.sigstore.SigstoreVerifier} with a {@link dev.vouch.signature.sigstore.SigstoreTrust}),
 * the Rekor signed entry timestamp ({@link dev.vouch.signature.sigstore.RekorSet}), and only then the strictly
 * parsed payload ({@link dev.vouch.signature.sigstore.SigstorePayload}) checked by caller-supplied
 * {@link dev.vouch.signature.sigstore.SigstoreRules}. Input sizes are bounded by {@link
 * dev.vouch.signature.sigstore.SigstoreLimits}.
 */
package dev.vouch.signature.sigstore;
