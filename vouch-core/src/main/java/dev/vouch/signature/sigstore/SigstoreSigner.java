package dev.vouch.signature.sigstore;

import dev.vouch.io.GoJson;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creates sigstore signatures as containers/image does for {@code --sign-by-sigstore-private-key}: the payload
 * <pre>{"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
 *  "type":"cosign container image signature"},"optional":{...}}</pre>
 * (members sorted, as Go writes maps), signed over its bytes with the hash fixed to SHA-256 for every key type, as
 * sigstore's signers loaded by cosign and containers/image do and as their verifiers require: ECDSA (ASN.1 DER
 * signature, on any curve), RSA PKCS#1 v1.5, or pure Ed25519. The base64 signature goes into the
 * {@code dev.cosignproject.cosign/signature} annotation.
 */
public final class SigstoreSigner {
    private SigstoreSigner() {
    }

    /**
     * Signs the claim that {@code dockerReference} names the image whose manifest has {@code dockerManifestDigest}.
     *
     * @param creator {@code optional.creator}, left out if empty
     * @param timestamp {@code optional.timestamp} (whole seconds)
     * @param annotations further string members of {@code optional} (cosign's {@code -a key=value}); they may not be
     *     named {@code creator} or {@code timestamp}
     */
    public static UntrustedSigstoreSignature sign(PrivateKey key, String dockerManifestDigest, String dockerReference,
                                                  Optional<String> creator, Instant timestamp,
                                                  Map<String, String> annotations) throws InvalidPrivateKeyException {
        if (annotations.containsKey("creator") || annotations.containsKey("timestamp")) {
            throw new IllegalArgumentException("the annotations \"creator\" and \"timestamp\" are set by the signer");
        }
        byte[] payload = payload(dockerManifestDigest, dockerReference, creator, timestamp, annotations);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(algorithm(key));
            signer.initSign(key);
            signer.update(payload);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new InvalidPrivateKeyException("signing with the " + key.getAlgorithm() + " key failed: "
                    + e.getMessage(), e);
        }
        return new UntrustedSigstoreSignature(UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE, payload,
                Map.of(UntrustedSigstoreSignature.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signature)));
    }

    static byte[] payload(String dockerManifestDigest, String dockerReference, Optional<String> creator,
                          Instant timestamp, Map<String, String> annotations) {
        Map<String, String> optional = new TreeMap<>();
        annotations.forEach((name, value) -> optional.put(name, GoJson.quote(value)));
        creator.ifPresent(value -> optional.put("creator", GoJson.quote(value)));
        optional.put("timestamp", Long.toString(timestamp.getEpochSecond()));
        StringBuilder json = new StringBuilder();
        json.append("{\"critical\":{\"identity\":{\"docker-reference\":").append(GoJson.quote(dockerReference))
                .append("},\"image\":{\"docker-manifest-digest\":").append(GoJson.quote(dockerManifestDigest))
                .append("},\"type\":").append(GoJson.quote(SigstorePayload.TYPE)).append("},\"optional\":{");
        String separator = "";
        for (Map.Entry<String, String> member : optional.entrySet()) {
            json.append(separator).append(GoJson.quote(member.getKey())).append(':').append(member.getValue());
            separator = ",";
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String algorithm(PrivateKey key) throws InvalidPrivateKeyException {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new InvalidPrivateKeyException("unsupported private key type " + key.getAlgorithm());
        };
    }
}
