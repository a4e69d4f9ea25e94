package dev.vouch.signature;

/**
 * A signature as read from storage (a {@code dir:} image, a lookaside store, a registry): nothing about it
 * has been verified. The two formats are a closed set, matching the formats containers/image exchanges
 * between its components.
 */
public sealed interface UntrustedSignature permits UntrustedSimpleSignature, UntrustedSigstoreSignature {

    /** The format name used in the storage envelope: {@code simple-signing} or {@code sigstore-json}. */
    String formatName();
}
