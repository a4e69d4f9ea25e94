package dev.vouch.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** An unprotected RSA-3072 OpenPGP key made for one benchmark run, exported as gpg would. */
final class BenchmarkKeys {
    final byte[] secretKeyring;
    final byte[] publicKeyring;
    final String fingerprint;

    private BenchmarkKeys(byte[] secretKeyring, byte[] publicKeyring, String fingerprint) {
        this.secretKeyring = secretKeyring;
        this.publicKeyring = publicKeyring;
        this.fingerprint = fingerprint;
    }

    static BenchmarkKeys rsa3072() throws PGPException, IOException {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 3072, 80));
        PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(), new Date());
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
        PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
        PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair,
                "vouch benchmark <bench@vouch.invalid>", sha1, hashed.generate(), null,
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.NULL).build(new char[0]));
        ByteArrayOutputStream secret = new ByteArrayOutputStream();
        rings.generateSecretKeyRing().encode(secret);
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        rings.generatePublicKeyRing().encode(pub);
        String fingerprint = java.util.HexFormat.of().withUpperCase().formatHex(pair.getPublicKey().getFingerprint());
        return new BenchmarkKeys(secret.toByteArray(), pub.toByteArray(), fingerprint);
    }
}
