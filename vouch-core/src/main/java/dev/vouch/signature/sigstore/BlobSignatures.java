package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * Signatures over raw bytes as sigstore's verifiers check them with the hash fixed to SHA-256 (as containers/image
 * fixes it): ECDSA with an ASN.1 DER signature over the SHA-256 digest, whatever the curve; RSA PKCS#1 v1.5 with
 * SHA-256; pure Ed25519 over the bytes themselves.
 */
final class BlobSignatures {
    private BlobSignatures() {
    }

    /** The JCA algorithm for {@code key}. */
    static String algorithm(PublicKey key) throws InvalidTrustMaterialException {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new InvalidTrustMaterialException("unsupported public key type " + key.getAlgorithm());
        };
    }

    /** Whether {@code signature} over {@code data} verifies with {@code key}; a malformed signature does not. */
    static boolean verifies(PublicKey key, byte[] data, byte[] signature) throws InvalidTrustMaterialException {
        String algorithm = algorithm(key);
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The index of the first of {@code keys} that verifies {@code signature} over {@code data}. Every key is checked
     * to be usable first, so that an unusable fallback key is noticed before it is needed (as containers/image does).
     */
    static int requireAnyVerifies(List<PublicKey> keys, byte[] data, byte[] signature)
            throws InvalidSignatureException, InvalidTrustMaterialException {
        if (keys.isEmpty()) {
            throw new InvalidTrustMaterialException("at least one public key is needed to verify a signature");
        }
        for (PublicKey key : keys) {
            algorithm(key);
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (verifies(keys.get(i), data, signature)) {
                return i;
            }
            failures.add(keys.size() == 1 ? "invalid signature" : "key " + (i + 1) + ": invalid signature");
        }
        throw new InvalidSignatureException("cryptographic signature verification failed: " + String.join(", ", failures));
    }
}
