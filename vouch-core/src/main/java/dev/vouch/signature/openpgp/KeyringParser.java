package dev.vouch.signature.openpgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Reads public or secret keyrings: binary (concatenated transferable keys, as {@code gpg --export} writes) or
 * ASCII-armored (one or more blocks; text around the blocks is ignored, as gpg does).
 */
final class KeyringParser {

    /** Keyring input larger than this is refused before parsing. */
    static final int MAX_KEYRING_BYTES = 4 * 1024 * 1024;

    private KeyringParser() {
    }

    static List<PGPPublicKeyRing> publicRings(byte[] data, String source) throws InvalidKeyException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (byte[] binary : binaryParts(data, source, "PUBLIC KEY BLOCK")) {
            try {
                new PGPPublicKeyRingCollection(new ByteArrayInputStream(binary), new BcKeyFingerprintCalculator())
                        .forEach(rings::add);
            } catch (IOException | PGPException | RuntimeException e) {
                throw new InvalidKeyException(source + ": not a valid OpenPGP public keyring: " + describe(e), e);
            }
        }
        if (rings.isEmpty()) {
            throw new InvalidKeyException(source + ": contains no public keys");
        }
        return rings;
    }

    static List<PGPSecretKeyRing> secretRings(byte[] data, String source) throws InvalidKeyException {
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        for (byte[] binary : binaryParts(data, source, "PRIVATE KEY BLOCK")) {
            try {
                new PGPSecretKeyRingCollection(new ByteArrayInputStream(binary), new BcKeyFingerprintCalculator())
                        .forEach(rings::add);
            } catch (IOException | PGPException | RuntimeException e) {
                throw new InvalidKeyException(source + ": not a valid OpenPGP secret keyring: " + describe(e), e);
            }
        }
        if (rings.isEmpty()) {
            throw new InvalidKeyException(source + ": contains no secret keys");
        }
        return rings;
    }

    private static List<byte[]> binaryParts(byte[] data, String source, String armorType)
            throws InvalidKeyException {
        if (data.length > MAX_KEYRING_BYTES) {
            throw new InvalidKeyException(source + ": " + data.length + " bytes, more than the limit of "
                    + MAX_KEYRING_BYTES + " bytes for key data");
        }
        if (data.length == 0) {
            throw new InvalidKeyException(source + ": is empty");
        }
        if (!Armor.looksArmored(data)) {
            return List.of(data);
        }
        List<Armor.Block> blocks;
        try {
            blocks = Armor.decodeAll(data, false);
        } catch (IOException e) {
            throw new InvalidKeyException(source + ": invalid ASCII armor: " + e.getMessage(), e);
        }
        List<byte[]> parts = new ArrayList<>();
        for (Armor.Block block : blocks) {
            if (!block.type().equals(armorType)) {
                throw new InvalidKeyException(source + ": expected \"PGP " + armorType + "\" armor, found \"PGP "
                        + block.type() + "\"");
            }
            parts.add(block.data());
        }
        return parts;
    }

    static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
