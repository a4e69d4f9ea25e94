/**
 * The gate: {@link dev.vouch.gate.Importer} verifies each new digest of a tag against the policy before it may
 * become current; {@link dev.vouch.gate.CurrentDigestListener}s are told of every change of a current digest;
 * {@link dev.vouch.gate.Rollbacks} pins and unpins tags.
 */
package dev.vouch.gate;
