package dev.vouch.signature.openpgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PacketFormat;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * An unlocked OpenPGP secret key ready to sign: the primary key or the subkey chosen for signing, together with
 * the fingerprint of its primary key. Obtain one from {@link SecretKeyFiles} or {@link GnupgHome}.
 * {@link #toString()} shows fingerprints only, never key material.
 */
public final class SigningKey {

    private final PGPPrivateKey privateKey;
    private final PGPPublicKey publicKey;
    private final String primaryFingerprint;

    SigningKey(PGPPrivateKey privateKey, PGPPublicKey publicKey, String primaryFingerprint) {
        this.privateKey = Objects.requireNonNull(privateKey);
        this.publicKey = Objects.requireNonNull(publicKey);
        this.primaryFingerprint = Objects.requireNonNull(primaryFingerprint);
    }

    /**
     * A signing key whose private part has been shown to match its public key, by signing a test message and
     * verifying it: a mismatch (damaged or wrongly attached key material) is found here, not by a verifier later.
     */
    static SigningKey checked(PGPPrivateKey privateKey, PGPPublicKey publicKey, String primaryFingerprint,
                              String source) throws InvalidKeyException {
        SigningKey key = new SigningKey(privateKey, publicKey, primaryFingerprint);
        byte[] probe = "vouch signing key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean matches;
        try {
            PGPSignature signature = key.signature(probe, new Date());
            signature.init(new org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider(),
                    publicKey);
            signature.update(probe);
            matches = signature.verify();
        } catch (PGPException | RuntimeException e) {
            matches = false;
        }
        if (!matches) {
            throw new InvalidKeyException(source + ": the secret key does not match public key "
                    + Fingerprints.of(publicKey));
        }
        return key;
    }

    /** Fingerprint of the primary key (uppercase hex): the identity a policy's keyring trusts. */
    public String primaryFingerprint() {
        return primaryFingerprint;
    }

    /** Fingerprint of the key that signs: the primary key or a signing subkey. */
    public String signingKeyFingerprint() {
        return Fingerprints.of(publicKey);
    }

    /**
     * Signs {@code content} as an uncompressed binary OpenPGP signed message: a one-pass signature, a binary
     * literal data packet, a SHA-256 signature created at {@code signingTime} (whole seconds), carrying the
     * issuer fingerprint and key ID.
     */
    public byte[] signMessage(byte[] content, Instant signingTime) throws InvalidKeyException {
        Date time = Date.from(signingTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try {
            PGPSignatureGenerator generator = generator(time);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (BCPGOutputStream out = new BCPGOutputStream(bytes, PacketFormat.LEGACY)) {
                generator.generateOnePassVersion(false).encode(out);
                PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
                try (OutputStream data = literal.open(out, PGPLiteralData.BINARY, "", content.length, time)) {
                    data.write(content);
                }
                generator.update(content);
                generator.generate().encode(out);
            }
            return bytes.toByteArray();
        } catch (PGPException | IOException | RuntimeException e) {
            throw new InvalidKeyException("signing with key " + signingKeyFingerprint() + " failed: "
                    + KeyringParser.describe(e), e);
        }
    }

    private PGPSignature signature(byte[] content, Date time) throws PGPException {
        PGPSignatureGenerator generator = generator(time);
        generator.update(content);
        return generator.generate();
    }

    private PGPSignatureGenerator generator(Date time) throws PGPException {
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
        generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, time);
        hashed.setIssuerFingerprint(false, publicKey);
        generator.setHashedSubpackets(hashed.generate());
        PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
        unhashed.setIssuerKeyID(false, publicKey.getKeyID());
        generator.setUnhashedSubpackets(unhashed.generate());
        return generator;
    }

    @Override
    public String toString() {
        String signing = signingKeyFingerprint();
        return "SigningKey[" + primaryFingerprint + (signing.equals(primaryFingerprint) ? "" : ", subkey " + signing)
                + "]";
    }
}
