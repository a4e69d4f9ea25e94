package dev.vouch.signature.openpgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.gpg.PGPSecretKeyParser;
import org.bouncycastle.gpg.keybox.KeyBlob;
import org.bouncycastle.gpg.keybox.PublicKeyRingBlob;
import org.bouncycastle.gpg.keybox.bc.BcKeyBox;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.OpenedPGPKeyData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.operator.PBEProtectionRemoverFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEProtectionRemoverFactory;

/**
 * Loads a {@link SigningKey} from a GnuPG 2.1+ home directory, the way {@code skopeo --sign-by FPR} finds keys:
 * the public key from {@code pubring.kbx} (or the legacy {@code pubring.gpg}), the secret key from
 * {@code private-keys-v1.d/<KEYGRIP>.key} (s-expression, plain or extended format, with or without passphrase
 * protection). No gpg-agent is involved, so a passphrase must be given for protected keys.
 *
 * <p>The fingerprint is matched as in {@link SecretKeyFiles}: full fingerprint only (key IDs are refused),
 * case-insensitive, of the primary key (whose newest usable signing subkey with a secret part signs, else the
 * primary key) or of a subkey (which then signs).
 */
public final class GnupgHome {

    private static final int MAX_DEPTH = 10;
    private static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private GnupgHome() {
    }

    public static SigningKey load(Path gnupgHome, String fingerprint, Optional<char[]> passphrase)
            throws InvalidKeyException {
        String wanted = Fingerprints.normalize(fingerprint);
        List<PGPPublicKeyRing> rings = readPublicRings(gnupgHome);
        CertifiedKeyRing ring = SigningKeySelection.ringWith(rings, wanted).orElseThrow(() ->
                new InvalidKeyException(gnupgHome + ": no public key with fingerprint " + wanted));
        PGPPublicKey chosen;
        try {
            chosen = SigningKeySelection.select(ring, wanted, Instant.now(),
                    key -> Files.isRegularFile(secretKeyFile(gnupgHome, key)));
        } catch (UnusableKeyException e) {
            throw new InvalidKeyException(gnupgHome + ": " + e.getMessage());
        }
        PGPPrivateKey privateKey = readPrivateKey(secretKeyFile(gnupgHome, chosen), chosen, passphrase);
        return SigningKey.checked(privateKey, chosen, ring.primaryFingerprint(), gnupgHome.toString());
    }

    /**
     * Every public key of a GnuPG home ({@code pubring.kbx}, else {@code pubring.gpg}), as a keyring to verify
     * with: what {@code skopeo standalone-verify} trusts when no public key file is given.
     */
    public static TrustedKeyring publicKeyring(Path gnupgHome) throws InvalidKeyException {
        List<PGPPublicKeyRing> rings = readPublicRings(gnupgHome);
        if (rings.isEmpty()) {
            throw new InvalidKeyException(gnupgHome + ": the GnuPG home holds no public keys");
        }
        return TrustedKeyring.build(rings, gnupgHome.toString());
    }

    /** The GnuPG home gpg itself would use: {@code $GNUPGHOME}, else {@code ~/.gnupg}. */
    public static Path defaultDirectory() {
        String fromEnvironment = System.getenv("GNUPGHOME");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home", "/"), ".gnupg");
    }

    private static List<PGPPublicKeyRing> readPublicRings(Path home) throws InvalidKeyException {
        Path keybox = home.resolve("pubring.kbx");
        Path legacy = home.resolve("pubring.gpg");
        if (Files.isRegularFile(keybox)) {
            byte[] data = read(keybox);
            try {
                List<PGPPublicKeyRing> rings = new ArrayList<>();
                for (KeyBlob blob : new BcKeyBox(data).getKeyBlobs()) {
                    if (blob instanceof PublicKeyRingBlob openPgp) {
                        rings.add(openPgp.getPGPPublicKeyRing());
                    }
                }
                return rings;
            } catch (IOException | RuntimeException e) {
                throw new InvalidKeyException(keybox + ": not a valid GnuPG keybox: " + KeyringParser.describe(e), e);
            }
        }
        if (Files.isRegularFile(legacy)) {
            return KeyringParser.publicRings(read(legacy), legacy.toString());
        }
        throw new InvalidKeyException(home + ": no pubring.kbx or pubring.gpg (is this a GnuPG home directory?)");
    }

    private static Path secretKeyFile(Path home, PGPPublicKey key) {
        return home.resolve("private-keys-v1.d").resolve(keygrip(key) + ".key");
    }

    private static String keygrip(PGPPublicKey key) {
        try {
            return Keygrips.of(key);
        } catch (IOException e) {
            return "unsupported-key-" + Fingerprints.of(key);
        }
    }

    private static PGPPrivateKey readPrivateKey(Path file, PGPPublicKey publicKey, Optional<char[]> passphrase)
            throws InvalidKeyException {
        byte[] data = read(file);
        String name = "key " + Fingerprints.of(publicKey);
        boolean isProtected = new String(data, StandardCharsets.ISO_8859_1).contains("protected-private-key");
        if (isProtected && passphrase.isEmpty()) {
            throw new InvalidKeyException(file + ": " + name + " is protected by a passphrase, and none was given");
        }
        try {
            PBEProtectionRemoverFactory unprotect = new JcePBEProtectionRemoverFactory(
                    passphrase.orElse(new char[0]), new BcPGPDigestCalculatorProvider())
                    .setProvider(new BouncyCastleProvider());
            OpenedPGPKeyData opened = PGPSecretKeyParser.parse(
                    new ByteArrayInputStream(SexprStrings.binaryStringsAsHex(data)), MAX_DEPTH);
            // BouncyCastle 1.87 wrongly rejects Ed25519 keys when given the public key to compare with, so the
            // secret is read on its own and re-attached to the public key; SigningKey.checked() then proves
            // that the two belong together.
            PGPSecretKey secret = opened.getKeyData(null, new BcPGPDigestCalculatorProvider(), unprotect,
                    new BcKeyFingerprintCalculator(), MAX_DEPTH);
            PGPPrivateKey extracted = secret.extractPrivateKey(null);
            if (extracted == null) {
                throw new InvalidKeyException(file + ": the secret part of " + name + " is not available");
            }
            return new PGPPrivateKey(publicKey.getKeyID(), publicKey.getPublicKeyPacket(),
                    extracted.getPrivateKeyDataPacket());
        } catch (PGPException e) {
            throw new InvalidKeyException(file + ": cannot read " + name
                    + (isProtected ? ": wrong passphrase (or damaged key file)" : ": damaged key file"));
        } catch (IOException | RuntimeException e) {
            // BouncyCastle's messages here are about the format (e.g. an S2K count it cannot represent), never
            // about the secret.
            throw new InvalidKeyException(file + ": cannot read " + name + ": unsupported or damaged key file ("
                    + KeyringParser.describe(e) + ")");
        }
    }

    private static byte[] read(Path file) throws InvalidKeyException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidKeyException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidKeyException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidKeyException(file + ": cannot be read: " + KeyringParser.describe(e), e);
        }
    }
}
