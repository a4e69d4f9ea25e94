package dev.vouch.signature.openpgp;

import dev.vouch.signature.InvalidSignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies an OpenPGP signed message against trusted keys, failing closed, in this order:
 * <ol>
 *   <li>structure: see {@link SignedMessageParser} (one-pass signature, literal data, one signature; optionally
 *       compressed or armored; at most 4 MiB in and 4 MiB decompressed);</li>
 *   <li>the signing key (primary key or subkey) is in the trusted keyring;</li>
 *   <li>the signature verifies over the literal data;</li>
 *   <li>at verification time: the signature is not from the future, not older than its key, not expired; the
 *       key and its primary key are not revoked or expired, a subkey is bound and cross-certified, and key
 *       flags (if present) allow signing. This mirrors gpg, whose EXPSIG / EXPKEYSIG / REVKEYSIG results
 *       containers/image (through gpgme) rejects.</li>
 * </ol>
 * MD5 signatures are refused, as gpg refuses them.
 */
public final class SignedMessageVerifier {

    /** Limit on the signature itself and, separately, on its decompressed content: 4 MiB. */
    public static final int MAX_MESSAGE_BYTES = SignedMessageParser.MAX_MESSAGE_BYTES;

    private SignedMessageVerifier() {
    }

    /** Verifies at the current time. */
    public static VerifiedMessage verify(byte[] untrustedMessage, TrustedKeyring keys)
            throws InvalidSignatureException {
        return verify(untrustedMessage, keys, Instant.now());
    }

    /** Verifies as of {@code verificationTime} (expiration and revocation are judged at that time). */
    public static VerifiedMessage verify(byte[] untrustedMessage, TrustedKeyring keys, Instant verificationTime)
            throws InvalidSignatureException {
        SignedMessageParser.Parsed message = SignedMessageParser.parse(untrustedMessage);
        PGPSignature signature = message.signature();
        requireMatchingOnePass(message.onePass(), signature);

        long keyId = message.onePass().getKeyID();
        String issuer = issuerFingerprint(signature);
        List<CertifiedKeyRing> rings = keys.ringsWithKeyId(keyId);
        if (rings.isEmpty()) {
            throw new InvalidSignatureException("signature was made by key " + (issuer != null ? issuer
                    : "ID " + Fingerprints.keyId(keyId)) + ", which is not among the trusted keys "
                    + keys.fingerprints());
        }

        List<String> tried = new ArrayList<>();
        for (CertifiedKeyRing ring : rings) {
            for (PGPPublicKey key : ring.keysWithId(keyId)) {
                String fingerprint = Fingerprints.of(key);
                if (issuer != null && !issuer.equals(fingerprint)) {
                    continue;
                }
                tried.add(fingerprint);
                if (verifies(signature, key, message.content())) {
                    requireValid(signature, ring, key, verificationTime);
                    return new VerifiedMessage(message.content(), ring.primaryFingerprint(), fingerprint,
                            signature.getCreationTime().toInstant());
                }
            }
        }
        if (tried.isEmpty()) {
            throw new InvalidSignatureException("signature was made by key " + issuer
                    + ", which is not among the trusted keys " + keys.fingerprints());
        }
        throw new InvalidSignatureException("signature does not verify with key " + String.join(", ", tried)
                + ": the signed data or the signature was modified");
    }

    private static void requireMatchingOnePass(PGPOnePassSignature onePass, PGPSignature signature)
            throws InvalidSignatureException {
        int type = signature.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new InvalidSignatureException(String.format(
                    "invalid signature: signature type 0x%02x is not a document signature", type));
        }
        if (onePass.getKeyID() != signature.getKeyID() || onePass.getSignatureType() != type
                || onePass.getHashAlgorithm() != signature.getHashAlgorithm()
                || onePass.getKeyAlgorithm() != signature.getKeyAlgorithm()) {
            throw new InvalidSignatureException("invalid signature: the one-pass signature packet does not match"
                    + " the signature packet");
        }
        if (signature.getHashAlgorithm() == HashAlgorithmTags.MD5) {
            throw new InvalidSignatureException("invalid signature: MD5 signatures are not accepted");
        }
    }

    private static boolean verifies(PGPSignature signature, PGPPublicKey key, byte[] content) {
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), key);
            signature.update(content);
            return signature.verify();
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    private static void requireValid(PGPSignature signature, CertifiedKeyRing ring, PGPPublicKey key, Instant at)
            throws InvalidSignatureException {
        Instant created = signature.getCreationTime().toInstant();
        if (created.isAfter(at)) {
            throw new InvalidSignatureException("signature was created at " + created + ", in the future");
        }
        if (created.isBefore(key.getCreationTime().toInstant())) {
            throw new InvalidSignatureException("signature was created at " + created + ", before its key "
                    + Fingerprints.of(key) + " was created");
        }
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        long lifetime = hashed == null ? 0 : hashed.getSignatureExpirationTime();
        if (lifetime > 0 && !at.isBefore(created.plusSeconds(lifetime))) {
            throw new InvalidSignatureException("signature expired at " + created.plusSeconds(lifetime));
        }
        try {
            ring.requireUsableForSigning(key, at);
        } catch (UnusableKeyException e) {
            throw new InvalidSignatureException("signature was made by an unusable key: " + e.getMessage());
        }
    }

    private static String issuerFingerprint(PGPSignature signature) {
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        IssuerFingerprint issuer = hashed == null ? null : hashed.getIssuerFingerprint();
        if (issuer == null) {
            return null;
        }
        return java.util.HexFormat.of().withUpperCase().formatHex(issuer.getFingerprint());
    }
}
