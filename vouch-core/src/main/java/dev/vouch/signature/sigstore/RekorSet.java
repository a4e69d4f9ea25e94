package dev.vouch.signature.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.signature.InvalidSignatureException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Offline verification of a Rekor signed entry timestamp (the {@code dev.sigstore.cosign/bundle} annotation,
 * {@code {"SignedEntryTimestamp": <base64>, "Payload": {"body", "integratedTime", "logIndex", "logID"}}}), as
 * containers/image does it:
 * <ol>
 *   <li>the SET is an ECDSA signature, by one of the trusted Rekor keys, over the SHA-256 of the RFC 8785 canonical
 *       form of {@code Payload};</li>
 *   <li>the canonical payload is then parsed: exactly those four members; {@code body} is a {@code hashedrekord}
 *       entry of API version {@code 0.0.1} (other kinds, such as {@code rekord}, are not accepted);</li>
 *   <li>the entry's public key or certificate (PEM, no trailing data) has the same DER bytes as the key or
 *       certificate that verifies the signature; its signature is the signature's bytes; its {@code data.hash} is
 *       the {@code sha256} of the payload.</li>
 * </ol>
 * The result is the entry's {@code integratedTime}.
 */
public final class RekorSet {
    private static final String HASHEDREKORD = "hashedrekord";
    private static final String HASHEDREKORD_V001 = "0.0.1";

    private RekorSet() {
    }

    /**
     * @param rekorKeys the trusted Rekor keys (ECDSA)
     * @param untrustedSet the bundle annotation
     * @param keyOrCertificatePem the PEM public key or certificate that is to verify the signature
     * @param untrustedBase64Signature the signature annotation
     * @param untrustedPayload the signed payload
     * @return the time at which Rekor integrated the entry
     */
    public static Instant verify(List<PublicKey> rekorKeys, byte[] untrustedSet, byte[] keyOrCertificatePem,
                                 String untrustedBase64Signature, byte[] untrustedPayload)
            throws InvalidSignatureException {
        if (untrustedSet.length > SigstoreLimits.MAX_BUNDLE_BYTES) {
            throw new InvalidSignatureException("the Rekor SET is larger than " + SigstoreLimits.MAX_BUNDLE_BYTES
                    + " bytes");
        }
        JsonNode set = StrictJson.parse(untrustedSet, "the Rekor SET");
        StrictJson.requireExactMembers(set, "the Rekor SET", "SignedEntryTimestamp", "Payload");
        byte[] signedEntryTimestamp = StrictJson.base64(set.get("SignedEntryTimestamp"), "SignedEntryTimestamp");
        byte[] canonical;
        try {
            canonical = CanonicalJson.canonicalize(set.get("Payload"));
        } catch (InvalidSignatureException e) {
            throw new InvalidSignatureException("canonicalizing the Rekor SET payload: " + e.getMessage(), e);
        }
        boolean signed = false;
        for (PublicKey key : rekorKeys) {
            if (key.getAlgorithm().equals("EC") && verifiesEcdsa(key, canonical, signedEntryTimestamp)) {
                signed = true;
                break;
            }
        }
        if (!signed) {
            throw new InvalidSignatureException("cryptographic signature verification of the Rekor SET failed");
        }

        JsonNode payload = StrictJson.parse(canonical, "the Rekor SET payload");
        StrictJson.requireExactMembers(payload, "the Rekor SET payload", "body", "integratedTime", "logIndex", "logID");
        byte[] body = StrictJson.base64(payload.get("body"), "the Rekor SET body");
        long integratedTime = StrictJson.int64(payload.get("integratedTime"), "integratedTime");
        StrictJson.int64(payload.get("logIndex"), "logIndex");
        StrictJson.string(payload.get("logID"), "logID");
        HashedRekordEntry entry = HashedRekordEntry.parse(body);

        matchKeyOrCertificate(entry.publicKeyPem(), keyOrCertificatePem);
        byte[] signature;
        try {
            signature = StrictJson.goBase64(untrustedBase64Signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("the signature is not valid base64");
        }
        if (!Arrays.equals(entry.signature(), signature)) {
            throw new InvalidSignatureException("the signature in the Rekor SET does not match the signature");
        }
        if (!entry.hashAlgorithm().equals("sha256")) {
            throw new InvalidSignatureException("unexpected data.hash.algorithm \"" + entry.hashAlgorithm()
                    + "\" in the Rekor entry, expected \"sha256\"");
        }
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(entry.hashValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("invalid data.hash.value in the Rekor entry");
        }
        if (!Arrays.equals(hash, sha256(untrustedPayload))) {
            throw new InvalidSignatureException("the payload hash in the Rekor SET does not match the payload");
        }
        return Instant.ofEpochSecond(integratedTime);
    }

    private static boolean verifiesEcdsa(PublicKey key, byte[] data, byte[] signature) {
        try {
            return BlobSignatures.verifies(key, data, signature);
        } catch (InvalidTrustMaterialException e) {
            return false;
        }
    }

    private static void matchKeyOrCertificate(byte[] entryPem, byte[] expectedPem) throws InvalidSignatureException {
        Optional<Pem.Block> entry = Pem.decode(entryPem);
        if (entry.isEmpty()) {
            throw new InvalidSignatureException("the public key in the Rekor SET is not in PEM format");
        }
        if (entry.get().rest().length != 0) {
            throw new InvalidSignatureException("the public key in the Rekor SET has trailing data");
        }
        Optional<Pem.Block> expected = Pem.decode(expectedPem);
        if (expected.isEmpty()) {
            throw new InvalidSignatureException("the public key or certificate to match against the Rekor SET is not "
                    + "in PEM format");
        }
        if (expected.get().rest().length != 0) {
            throw new InvalidSignatureException("the public key or certificate to match against the Rekor SET has "
                    + "trailing data");
        }
        if (!Arrays.equals(entry.get().bytes(), expected.get().bytes())) {
            throw new InvalidSignatureException("the public key in the Rekor SET does not match the key or certificate "
                    + "that verifies the signature");
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The parts of a hashedrekord v0.0.1 entry body that are checked. */
    private record HashedRekordEntry(byte[] publicKeyPem, byte[] signature, String hashAlgorithm, String hashValue) {
        static HashedRekordEntry parse(byte[] body) throws InvalidSignatureException {
            JsonNode entry = StrictJson.parse(body, "the Rekor entry body");
            StrictJson.requireObject(entry, "the Rekor entry body");
            JsonNode kind = entry.get("kind");
            if (kind == null || !kind.isTextual() || !kind.textValue().equals(HASHEDREKORD)) {
                throw new InvalidSignatureException("the Rekor entry is not of kind \"" + HASHEDREKORD + "\"");
            }
            JsonNode apiVersion = entry.get("apiVersion");
            if (apiVersion == null || apiVersion.isNull()) {
                throw new InvalidSignatureException("missing Rekor entry API version");
            }
            if (!apiVersion.isTextual() || !apiVersion.textValue().equals(HASHEDREKORD_V001)) {
                throw new InvalidSignatureException("unsupported hashedrekord version " + apiVersion);
            }
            JsonNode spec = object(entry.get("spec"), "spec");
            JsonNode signature = object(spec.get("signature"), "signature");
            JsonNode publicKey = object(signature.get("publicKey"), "signature.publicKey");
            byte[] pem = StrictJson.base64(publicKey.get("content"), "signature.publicKey.content");
            byte[] content = StrictJson.base64(signature.get("content"), "signature.content");
            JsonNode data = object(spec.get("data"), "data");
            JsonNode hash = object(data.get("hash"), "data.hash");
            String algorithm = StrictJson.string(hash.get("algorithm"), "data.hash.algorithm");
            String value = StrictJson.string(hash.get("value"), "data.hash.value");
            return new HashedRekordEntry(pem, content, algorithm, value);
        }

        private static JsonNode object(JsonNode node, String name) throws InvalidSignatureException {
            if (node == null || node.isNull()) {
                throw new InvalidSignatureException("missing \"" + name + "\" in the hashedrekord entry");
            }
            StrictJson.requireObject(node, "\"" + name + "\" in the hashedrekord entry");
            return node;
        }
    }
}
