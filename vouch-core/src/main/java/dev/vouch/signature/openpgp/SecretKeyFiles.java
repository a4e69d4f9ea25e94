package dev.vouch.signature.openpgp;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Loads a {@link SigningKey} from an exported secret keyring, binary or ASCII-armored, as
 * {@code gpg --export-secret-keys [--armor]} writes it (at most 4 MiB).
 *
 * <p>The key is chosen by fingerprint: the full fingerprint (40 or 64 hex digits, case-insensitive, optional
 * {@code 0x} prefix and spaces) of the primary key or of a subkey. Key IDs are refused because they can collide.
 * For a primary key the newest usable signing subkey signs if there is one, else the primary key, as gpg does.
 */
public final class SecretKeyFiles {

    private SecretKeyFiles() {
    }

    public static SigningKey load(Path keyFile, Optional<char[]> passphrase, String fingerprint)
            throws InvalidKeyException {
        String wanted = Fingerprints.normalize(fingerprint);
        String source = keyFile.toString();
        List<PGPSecretKeyRing> secretRings = KeyringParser.secretRings(TrustedKeyring.readFile(keyFile), source);
        for (PGPSecretKeyRing secretRing : secretRings) {
            if (secretRing.getSecretKey(fingerprintBytes(wanted)) == null) {
                continue;
            }
            CertifiedKeyRing ring = CertifiedKeyRing.of(publicRing(secretRing));
            PGPPublicKey chosen;
            try {
                chosen = SigningKeySelection.select(ring, wanted, Instant.now(),
                        key -> hasSecretMaterial(secretRing.getSecretKey(key.getFingerprint())));
            } catch (UnusableKeyException e) {
                throw new InvalidKeyException(source + ": " + e.getMessage());
            }
            PGPSecretKey secret = secretRing.getSecretKey(chosen.getFingerprint());
            PGPPrivateKey privateKey = unlock(secret, passphrase, source);
            return SigningKey.checked(privateKey, chosen, ring.primaryFingerprint(), source);
        }
        throw new InvalidKeyException(source + ": no secret key with fingerprint " + wanted);
    }

    private static byte[] fingerprintBytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static PGPPublicKeyRing publicRing(PGPSecretKeyRing secretRing) {
        List<PGPPublicKey> keys = new ArrayList<>();
        secretRing.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    private static boolean hasSecretMaterial(PGPSecretKey secret) {
        return secret != null && !secret.isPrivateKeyEmpty();
    }

    private static PGPPrivateKey unlock(PGPSecretKey secret, Optional<char[]> passphrase, String source)
            throws InvalidKeyException {
        String name = "key " + Fingerprints.of(secret.getPublicKey());
        boolean isProtected = secret.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
        if (isProtected && passphrase.isEmpty()) {
            throw new InvalidKeyException(source + ": " + name + " is protected by a passphrase, and none was given");
        }
        try {
            PBESecretKeyDecryptor decryptor = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(isProtected ? passphrase.get() : new char[0]);
            PGPPrivateKey key = secret.extractPrivateKey(decryptor);
            if (key == null) {
                throw new InvalidKeyException(source + ": the secret part of " + name + " is not available");
            }
            return key;
        } catch (PGPException | RuntimeException e) {
            throw new InvalidKeyException(source + ": cannot unlock " + name
                    + (isProtected ? ": wrong passphrase (or damaged key)" : ": damaged key"));
        }
    }
}
