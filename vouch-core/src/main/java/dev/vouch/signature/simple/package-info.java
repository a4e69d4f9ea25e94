/**
 * "Simple signing" (atomic container signatures, containers-signature(5)): the JSON payload
 * ({@link dev.vouch.signature.simple.SimpleSigningPayload}), verification in containers/image's order
 * ({@link dev.vouch.signature.simple.SimpleSigningVerifier} with caller-supplied
 * {@link dev.vouch.signature.simple.SimpleSigningRules}) and signing as skopeo does
 * ({@link dev.vouch.signature.simple.SimpleSigner}).
 */
package dev.vouch.signature.simple;
