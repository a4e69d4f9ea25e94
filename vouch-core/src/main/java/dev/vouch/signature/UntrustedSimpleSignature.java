package dev.vouch.signature;

import java.util.Arrays;

/**
 * A "simple signing" signature as stored: an OpenPGP signed message, not yet verified.
 *
 * @param untrustedOpenPgpMessage the raw OpenPGP bytes (binary or ASCII-armored)
 */
public record UntrustedSimpleSignature(byte[] untrustedOpenPgpMessage) implements UntrustedSignature {

    public UntrustedSimpleSignature {
        if (untrustedOpenPgpMessage == null || untrustedOpenPgpMessage.length == 0) {
            throw new IllegalArgumentException("a simple signing signature must not be empty");
        }
        untrustedOpenPgpMessage = untrustedOpenPgpMessage.clone();
    }

    @Override
    public byte[] untrustedOpenPgpMessage() {
        return untrustedOpenPgpMessage.clone();
    }

    @Override
    public String formatName() {
        return "simple-signing";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UntrustedSimpleSignature that
                && Arrays.equals(untrustedOpenPgpMessage, that.untrustedOpenPgpMessage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(untrustedOpenPgpMessage);
    }

    @Override
    public String toString() {
        return "UntrustedSimpleSignature[" + untrustedOpenPgpMessage.length + " bytes]";
    }
}
