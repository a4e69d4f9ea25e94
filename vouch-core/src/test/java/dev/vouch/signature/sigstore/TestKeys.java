package dev.vouch.signature.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

/** Test only: throw-away keys that sign payloads and Rekor SETs the way cosign and Rekor do. */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /** A hashedrekord entry body for {@code signature} over {@code payload} by the key or certificate {@code pem}. */
    static String hashedRekord(String kind, String apiVersion, String algorithm, byte[] pem, byte[] signature,
                               byte[] payload) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"spec\":{\"data\":{\"hash\":{"
                + "\"algorithm\":\"" + algorithm + "\",\"value\":\"" + HexFormat.of().formatHex(RekorSet.sha256(payload))
                + "\"}},\"signature\":{\"content\":\"" + base64(signature) + "\",\"publicKey\":{\"content\":\""
                + base64(pem) + "\"}}}}";
    }

    /**
     * A Rekor bundle whose SET {@code rekor} signs over the canonical payload; {@code payloadJson} is written as
     * given (its members in any order), so it must already be canonical apart from order and whitespace handled
     * by the caller.
     */
    static String bundle(PrivateKey rekor, String body, long integratedTime) throws GeneralSecurityException {
        String canonical = "{\"body\":\"" + base64(body.getBytes(StandardCharsets.UTF_8)) + "\",\"integratedTime\":"
                + integratedTime + ",\"logID\":\"00\",\"logIndex\":1}";
        byte[] set = sign(rekor, canonical.getBytes(StandardCharsets.UTF_8));
        // Written in a different member order and with whitespace: the SET covers the canonical form.
        String written = "{ \"logIndex\": 1, \"logID\": \"00\", \"integratedTime\": " + integratedTime
                + ", \"body\": \"" + base64(body.getBytes(StandardCharsets.UTF_8)) + "\" }";
        return "{\"SignedEntryTimestamp\":\"" + base64(set) + "\",\"Payload\":" + written + "}";
    }
}
