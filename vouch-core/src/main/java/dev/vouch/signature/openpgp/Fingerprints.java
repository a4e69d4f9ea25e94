package dev.vouch.signature.openpgp;

import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPPublicKey;

/** Fingerprints as text: uppercase hex without spaces, as gpgme reports them. */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    static String keyId(long keyId) {
        return String.format("%016X", keyId);
    }

    /**
     * Normalizes a fingerprint given by a user: optional {@code 0x} prefix, spaces ignored, case-insensitive.
     * Only full fingerprints (40 hex digits for v4 keys, 64 for v6 keys) are accepted; key IDs are refused
     * because they can collide.
     */
    static String normalize(String userFingerprint) throws InvalidKeyException {
        String s = userFingerprint.strip().replace(" ", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        s = s.toUpperCase(Locale.ROOT);
        if (!s.matches("[0-9A-F]*")) {
            throw new InvalidKeyException("\"" + userFingerprint + "\" is not a key fingerprint (expected hex digits)");
        }
        if (s.length() == 16 || s.length() == 8) {
            throw new InvalidKeyException("\"" + userFingerprint + "\" is a key ID; give the full fingerprint"
                    + " (40 hex digits) instead");
        }
        if (s.length() != 40 && s.length() != 64) {
            throw new InvalidKeyException("\"" + userFingerprint + "\" is not a full key fingerprint (expected 40 or"
                    + " 64 hex digits)");
        }
        return s;
    }
}
