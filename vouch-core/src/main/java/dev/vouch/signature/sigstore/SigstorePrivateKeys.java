package dev.vouch.signature.sigstore;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Sigstore (cosign) private keys: generated, written and read in cosign's format.
 * <ul>
 *   <li>{@code ENCRYPTED SIGSTORE PRIVATE KEY} (written; cosign's current name) or {@code ENCRYPTED COSIGN PRIVATE
 *       KEY} (read; the older name, which containers/image before 5.24 alone accepts): the PEM body is the
 *       passphrase-encrypted JSON of {@link ScryptSecretBox}, around a PKCS#8 DER private key;</li>
 *   <li>{@code PRIVATE KEY}: an unencrypted PKCS#8 DER private key.</li>
 * </ul>
 * Only the first PEM block counts, as in cosign. Accepted keys: ECDSA on P-256, P-384 or P-521, RSA of 2048 bits
 * or more, Ed25519.
 */
public final class SigstorePrivateKeys {
    /** The PEM type written. */
    public static final String ENCRYPTED_PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
    /** The older PEM type, still read. */
    public static final String LEGACY_ENCRYPTED_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";
    /** Unencrypted PKCS#8. */
    public static final String PLAIN_PEM_TYPE = "PRIVATE KEY";
    /** Key files larger than this are refused unread. */
    public static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private static final String EC = "1.2.840.10045.2.1";
    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String ED25519 = "1.3.101.112";
    private static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");
    private static final int MIN_RSA_BITS = 2048;

    private SigstorePrivateKeys() {
    }

    /** A new ECDSA P-256 key pair, the kind cosign and skopeo generate. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK has no ECDSA P-256", e);
        }
    }

    /** {@code key} encrypted with {@code passphrase} in PEM as {@value #ENCRYPTED_PEM_TYPE}. */
    public static byte[] encrypt(PrivateKey key, char[] passphrase) {
        byte[] der = key.getEncoded();
        byte[] secret = utf8(passphrase);
        try {
            return Pem.encode(ENCRYPTED_PEM_TYPE, ScryptSecretBox.encrypt(der, secret));
        } finally {
            Arrays.fill(der, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Whether the first PEM block of {@code pem} is an encrypted private key (which needs a passphrase to read). */
    public static boolean isEncrypted(byte[] pem) {
        return Pem.decode(pem).map(block -> isEncryptedType(block.type())).orElse(false);
    }

    /**
     * Reads the private key in the first PEM block of {@code pem}; {@code passphrase} is asked for only when that
     * block is encrypted, and the characters it returns are cleared after use.
     */
    public static PrivateKey read(byte[] pem, Supplier<char[]> passphrase) throws InvalidPrivateKeyException {
        if (pem.length > MAX_KEY_FILE_BYTES) {
            throw new InvalidPrivateKeyException("the private key file is larger than " + MAX_KEY_FILE_BYTES + " bytes");
        }
        Optional<Pem.Block> block = Pem.decode(pem);
        if (block.isEmpty()) {
            throw new InvalidPrivateKeyException("no PEM block found, expected \"" + ENCRYPTED_PEM_TYPE + "\" or \""
                    + PLAIN_PEM_TYPE + "\"");
        }
        String type = block.get().type();
        byte[] der;
        if (isEncryptedType(type)) {
            char[] chars = passphrase.get();
            byte[] secret = utf8(chars);
            Arrays.fill(chars, '\0');
            try {
                der = ScryptSecretBox.decrypt(block.get().bytes(), secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } else if (type.equals(PLAIN_PEM_TYPE)) {
            der = block.get().bytes();
        } else {
            throw new InvalidPrivateKeyException("unsupported PEM type \"" + type + "\", expected \""
                    + ENCRYPTED_PEM_TYPE + "\", \"" + LEGACY_ENCRYPTED_PEM_TYPE + "\" or \"" + PLAIN_PEM_TYPE + "\"");
        }
        try {
            return fromPkcs8(der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static boolean isEncryptedType(String type) {
        return type.equals(ENCRYPTED_PEM_TYPE) || type.equals(LEGACY_ENCRYPTED_PEM_TYPE);
    }

    private static PrivateKey fromPkcs8(byte[] der) throws InvalidPrivateKeyException {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new InvalidPrivateKeyException("the private key is not PKCS#8 DER");
        }
        String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            switch (algorithm) {
                case EC -> {
                    if (!(info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)
                            || !CURVES.containsKey(curve.getId())) {
                        throw new InvalidPrivateKeyException("unsupported elliptic curve, expected P-256, P-384 or P-521");
                    }
                    return KeyFactory.getInstance("EC").generatePrivate(spec);
                }
                case RSA -> {
                    RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
                    BigInteger modulus = key.getModulus();
                    if (modulus.bitLength() < MIN_RSA_BITS) {
                        throw new InvalidPrivateKeyException("the RSA key has " + modulus.bitLength()
                                + " bits, fewer than " + MIN_RSA_BITS);
                    }
                    return key;
                }
                case ED25519 -> {
                    return KeyFactory.getInstance("Ed25519").generatePrivate(spec);
                }
                default -> throw new InvalidPrivateKeyException("unsupported private key algorithm " + algorithm
                        + ", expected ECDSA, RSA or Ed25519");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidPrivateKeyException("the private key is not a valid PKCS#8 key");
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
