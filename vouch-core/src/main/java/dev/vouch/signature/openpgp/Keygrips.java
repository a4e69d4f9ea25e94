package dev.vouch.signature.openpgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.gnu.GNUObjectIdentifiers;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.EdDSAPublicBCPGKey;
import org.bouncycastle.bcpg.Ed25519PublicBCPGKey;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.gpg.KeyGripCalculator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * The libgcrypt "keygrip" of a public key, which names its file in GnuPG's {@code private-keys-v1.d}.
 * BouncyCastle computes it for RSA, DSA, ElGamal and NIST/Brainpool curves; Ed25519, which BouncyCastle 1.87
 * does not support, is computed here: SHA-1 over the s-expression fragments {@code (1:p..)(1:a..)(1:b..)
 * (1:g..)(1:n..)(1:q..)} of the curve parameters as libgcrypt stores them (absolute values of a and b, the
 * uncompressed generator) and the public point without its 0x40 prefix.
 */
final class Keygrips {

    private static final BigInteger ED25519_P = hex("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFED");
    private static final BigInteger ED25519_A = BigInteger.ONE;
    private static final BigInteger ED25519_B = hex("2DFC9311D490018C7338BF8688861767FF8FF5B2BEBE27548A14B235ECA6874A");
    private static final BigInteger ED25519_N = hex("1000000000000000000000000000000014DEF9DEA2F79CD65812631A5CF5D3ED");
    private static final byte[] ED25519_G = HexFormat.of().parseHex("04"
            + "216936D3CD6E53FEC0A4E231FDD6DC5C692CC7609525A7B2C9562D608F25D51A"
            + "6666666666666666666666666666666666666666666666666666666666666658");

    private Keygrips() {
    }

    /** Uppercase hex keygrip; fails for algorithms neither BouncyCastle nor this class supports. */
    static String of(PGPPublicKey key) throws IOException {
        BCPGKey material = key.getPublicKeyPacket().getKey();
        byte[] grip;
        if (material instanceof EdDSAPublicBCPGKey legacy
                && GNUObjectIdentifiers.Ed25519.equals(legacy.getCurveOID())) {
            byte[] point = unsigned(legacy.getEncodedPoint());
            grip = ed25519(point.length == 33 && point[0] == 0x40 ? Arrays.copyOfRange(point, 1, 33) : point);
        } else if (material instanceof Ed25519PublicBCPGKey modern) {
            grip = ed25519(modern.getKey());
        } else {
            try {
                grip = new KeyGripCalculator(new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1))
                        .calculateKeygrip(material);
            } catch (PGPException | RuntimeException e) {
                throw new IOException("cannot compute the keygrip of key " + Fingerprints.of(key) + ": "
                        + KeyringParser.describe(e), e);
            }
        }
        return HexFormat.of().withUpperCase().formatHex(grip);
    }

    private static byte[] ed25519(byte[] q) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, 'p', unsigned(ED25519_P));
        part(out, 'a', unsigned(ED25519_A));
        part(out, 'b', unsigned(ED25519_B));
        part(out, 'g', ED25519_G);
        part(out, 'n', unsigned(ED25519_N));
        part(out, 'q', q);
        try {
            return MessageDigest.getInstance("SHA-1").digest(out.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static void part(ByteArrayOutputStream out, char name, byte[] value) {
        out.writeBytes(("(1:" + name + value.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.write(')');
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static BigInteger hex(String digits) {
        return new BigInteger(digits, 16);
    }
}
