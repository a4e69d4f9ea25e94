package dev.vouch.signature.sigstore;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's {@code secretbox} (XSalsa20 and Poly1305), as Go's {@code golang.org/x/crypto/nacl/secretbox} seals and
 * opens: the first 32 bytes of the XSalsa20 key stream are the one-time Poly1305 key, the rest encrypts the message,
 * and the box is the 16-byte tag followed by the ciphertext.
 */
final class SecretBox {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 24;
    static final int TAG_BYTES = 16;

    private SecretBox() {
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        XSalsa20Engine stream = stream(key, nonce);
        byte[] macKey = macKey(stream);
        byte[] box = new byte[TAG_BYTES + message.length];
        stream.processBytes(message, 0, message.length, box, TAG_BYTES);
        tag(macKey, box, box);
        return box;
    }

    /** The message, or empty if the box was not sealed with this key and nonce (or was altered). */
    static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] box) {
        if (box.length < TAG_BYTES) {
            return Optional.empty();
        }
        XSalsa20Engine stream = stream(key, nonce);
        byte[] macKey = macKey(stream);
        byte[] expected = new byte[TAG_BYTES];
        tag(macKey, box, expected);
        if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(TAG_BYTES, expected, 0, box, 0)) {
            return Optional.empty();
        }
        byte[] message = new byte[box.length - TAG_BYTES];
        stream.processBytes(box, TAG_BYTES, message.length, message, 0);
        return Optional.of(message);
    }

    private static XSalsa20Engine stream(byte[] key, byte[] nonce) {
        if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce");
        }
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    private static byte[] macKey(XSalsa20Engine stream) {
        byte[] macKey = new byte[KEY_BYTES];
        stream.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, macKey, 0);
        return macKey;
    }

    /** Writes the Poly1305 tag of {@code box}'s ciphertext part into the first 16 bytes of {@code out}. */
    private static void tag(byte[] macKey, byte[] box, byte[] out) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(box, TAG_BYTES, box.length - TAG_BYTES);
        mac.doFinal(out, 0);
        Arrays.fill(macKey, (byte) 0);
    }
}
