/**
 * OpenPGP with BouncyCastle, as containers/image uses it through gpgme: keyrings a policy trusts
 * ({@link dev.vouch.signature.openpgp.TrustedKeyring}), verification of signed messages at a given time
 * ({@link dev.vouch.signature.openpgp.SignedMessageVerifier}), and secret keys for signing
 * ({@link dev.vouch.signature.openpgp.SigningKey}, loaded by {@link dev.vouch.signature.openpgp.SecretKeyFiles}
 * or {@link dev.vouch.signature.openpgp.GnupgHome}). Errors about keys are
 * {@link dev.vouch.signature.openpgp.InvalidKeyException}; errors about signatures are
 * {@link dev.vouch.signature.InvalidSignatureException}. Messages never contain passphrases or key material.
 */
package dev.vouch.signature.openpgp;
