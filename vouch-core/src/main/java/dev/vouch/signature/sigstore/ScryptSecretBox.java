package dev.vouch.signature.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.signature.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The passphrase encryption of cosign's private keys (go-securesystemslib's {@code encrypted} package): a JSON
 * document
 * <pre>{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":B64},
 *  "cipher":{"name":"nacl/secretbox","nonce":B64},"ciphertext":B64}</pre>
 * where the secretbox key is scrypt(passphrase, salt, N, r, p) with 32 bytes of output and the values marked B64 are
 * standard base64 with padding. Writing uses N=32768, r=8, p=1 with a 32-byte salt, as cosign does; reading accepts
 * the three parameter sets that package accepts (N = 2^15, 2^16 or 2^17 with r=8, p=1), which also bounds the
 * memory and time an untrusted file can demand.
 */
final class ScryptSecretBox {
    static final int SALT_BYTES = 32;
    private static final int N = 32768;
    private static final int R = 8;
    private static final int P = 1;
    private static final List<Integer> ACCEPTED_N = List.of(32768, 65536, 131072);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScryptSecretBox() {
    }

    static byte[] encrypt(byte[] plaintext, byte[] passphrase) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[SecretBox.NONCE_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        byte[] key = SCrypt.generate(passphrase, salt, N, R, P, SecretBox.KEY_BYTES);
        byte[] box;
        try {
            box = SecretBox.seal(key, nonce, plaintext);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return ("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":" + N + ",\"r\":" + R + ",\"p\":" + P + "},\"salt\":\""
                + base64.encodeToString(salt) + "\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\""
                + base64.encodeToString(nonce) + "\"},\"ciphertext\":\"" + base64.encodeToString(box) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The plaintext; a wrong passphrase and altered data are the same error, as the tag cannot tell them apart. */
    static byte[] decrypt(byte[] json, byte[] passphrase) throws InvalidPrivateKeyException {
        Fields fields;
        try {
            fields = Fields.read(json);
        } catch (InvalidSignatureException e) {
            throw new InvalidPrivateKeyException("the encrypted private key: " + e.getMessage(), e);
        }
        byte[] key = SCrypt.generate(passphrase, fields.salt, fields.n, R, P, SecretBox.KEY_BYTES);
        Optional<byte[]> plaintext;
        try {
            plaintext = SecretBox.open(key, fields.nonce, fields.ciphertext);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return plaintext.orElseThrow(() -> new InvalidPrivateKeyException(
                "cannot decrypt the private key: wrong passphrase (or the key file was altered)"));
    }

    private record Fields(int n, byte[] salt, byte[] nonce, byte[] ciphertext) {
        static Fields read(byte[] json) throws InvalidSignatureException {
            JsonNode root = StrictJson.parse(json, "the JSON document");
            StrictJson.requireExactMembers(root, "the JSON document", "kdf", "cipher", "ciphertext");
            JsonNode kdf = root.get("kdf");
            StrictJson.requireExactMembers(kdf, "kdf", "name", "params", "salt");
            String kdfName = StrictJson.string(kdf.get("name"), "kdf.name");
            if (!kdfName.equals("scrypt")) {
                throw new InvalidSignatureException("unsupported key derivation function \"" + kdfName
                        + "\", expected \"scrypt\"");
            }
            JsonNode params = kdf.get("params");
            StrictJson.requireExactMembers(params, "kdf.params", "N", "r", "p");
            long n = StrictJson.int64(params.get("N"), "kdf.params.N");
            long r = StrictJson.int64(params.get("r"), "kdf.params.r");
            long p = StrictJson.int64(params.get("p"), "kdf.params.p");
            if (!ACCEPTED_N.contains((int) n) || n != (int) n || r != R || p != P) {
                throw new InvalidSignatureException("unsupported scrypt parameters N=" + n + ", r=" + r + ", p=" + p
                        + " (expected N of 32768, 65536 or 131072 with r=8, p=1)");
            }
            byte[] salt = StrictJson.base64(kdf.get("salt"), "kdf.salt");
            JsonNode cipher = root.get("cipher");
            StrictJson.requireExactMembers(cipher, "cipher", "name", "nonce");
            String cipherName = StrictJson.string(cipher.get("name"), "cipher.name");
            if (!cipherName.equals("nacl/secretbox")) {
                throw new InvalidSignatureException("unsupported cipher \"" + cipherName
                        + "\", expected \"nacl/secretbox\"");
            }
            byte[] nonce = StrictJson.base64(cipher.get("nonce"), "cipher.nonce");
            if (nonce.length != SecretBox.NONCE_BYTES) {
                throw new InvalidSignatureException("cipher.nonce is " + nonce.length + " bytes, expected "
                        + SecretBox.NONCE_BYTES);
            }
            byte[] ciphertext = StrictJson.base64(root.get("ciphertext"), "ciphertext");
            if (ciphertext.length < SecretBox.TAG_BYTES) {
                throw new InvalidSignatureException("ciphertext is shorter than its " + SecretBox.TAG_BYTES
                        + "-byte tag");
            }
            return new Fields((int) n, salt, nonce, ciphertext);
        }
    }
}
