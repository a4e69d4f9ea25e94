package dev.vouch.signature.sigstore;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Public keys in PEM, read as sigstore's {@code cryptoutils.UnmarshalPEMToPublicKey} reads them: the first PEM block
 * only, of type {@code PUBLIC KEY} (PKIX SubjectPublicKeyInfo) or {@code RSA PUBLIC KEY} (PKCS#1). Accepted key
 * types are those sigstore can verify with: ECDSA on P-224, P-256, P-384 or P-521, RSA, and Ed25519.
 */
public final class PublicKeyPem {
    private static final String EC = "1.2.840.10045.2.1";
    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String ED25519 = "1.3.101.112";
    private static final Map<String, String> CURVES = Map.of(
            "1.3.132.0.33", "P-224", "1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");

    private PublicKeyPem() {
    }

    /** Parses the first PEM block of {@code pem}. */
    public static PublicKey parse(byte[] pem) throws InvalidTrustMaterialException {
        Optional<Pem.Block> block = Pem.decode(pem);
        if (block.isEmpty()) {
            throw new InvalidTrustMaterialException("no PEM block found, expected a \"PUBLIC KEY\"");
        }
        String type = block.get().type();
        byte[] der = block.get().bytes();
        try {
            if (type.equals("PUBLIC KEY")) {
                return fromPkix(der);
            }
            if (type.equals("RSA PUBLIC KEY")) {
                org.bouncycastle.asn1.pkcs.RSAPublicKey rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
                return rsa(rsa.getModulus(), rsa.getPublicExponent());
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidTrustMaterialException("invalid " + type + ": " + e.getMessage(), e);
        }
        throw new InvalidTrustMaterialException("unknown public key PEM type \"" + type
                + "\", expected \"PUBLIC KEY\" or \"RSA PUBLIC KEY\"");
    }

    /** A key from its DER SubjectPublicKeyInfo (also used for certificate keys). */
    static PublicKey fromPkix(byte[] der) throws GeneralSecurityException, InvalidTrustMaterialException {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(der);
        String algorithm = info.getAlgorithm().getAlgorithm().getId();
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        switch (algorithm) {
            case EC -> {
                if (!(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)
                        || !CURVES.containsKey(curve.getId())) {
                    throw new InvalidTrustMaterialException("unsupported elliptic curve, expected P-224, P-256, "
                            + "P-384 or P-521");
                }
                return KeyFactory.getInstance("EC").generatePublic(spec);
            }
            case RSA -> {
                return KeyFactory.getInstance("RSA").generatePublic(spec);
            }
            case ED25519 -> {
                return KeyFactory.getInstance("Ed25519").generatePublic(spec);
            }
            default -> throw new InvalidTrustMaterialException("unsupported public key algorithm " + algorithm
                    + ", expected ECDSA, RSA or Ed25519");
        }
    }

    private static PublicKey rsa(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
        if (modulus.signum() <= 0 || exponent.signum() <= 0) {
            throw new IllegalArgumentException("RSA modulus and exponent must be positive");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }

    /** The PEM form of {@code key} ("PUBLIC KEY", PKIX), as cosign and Rekor write it. */
    public static byte[] toPem(PublicKey key) {
        return Pem.encode("PUBLIC KEY", key.getEncoded());
    }
}
