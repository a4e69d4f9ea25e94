package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SigstorePrivateKeysTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(Path.of(SigstorePrivateKeysTest.class
                    .getResource("/signature/sigstore-keys/" + name).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Supplier<char[]> passphrase(String value) {
        return value::toCharArray;
    }

    static Supplier<char[]> noPassphrase() {
        return () -> {
            throw new AssertionError("the passphrase was asked for an unencrypted key");
        };
    }

    record KeyType(String name, KeyPair pair) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<KeyType> keyTypes() throws Exception {
        KeyPairGenerator rsa3072 = KeyPairGenerator.getInstance("RSA");
        rsa3072.initialize(3072);
        return Stream.of(new KeyType("ECDSA P-256", TestKeys.ec("secp256r1")),
                new KeyType("ECDSA P-384", TestKeys.ec("secp384r1")),
                new KeyType("ECDSA P-521", TestKeys.ec("secp521r1")),
                new KeyType("RSA 2048", TestKeys.rsa()),
                new KeyType("RSA 3072", rsa3072.generateKeyPair()),
                new KeyType("Ed25519", TestKeys.ed25519()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void readsEveryKeyTypeEncryptedAndPlain(KeyType type) throws Exception {
        byte[] encrypted = SigstorePrivateKeys.encrypt(type.pair().getPrivate(), PASSPHRASE.toCharArray());
        assertThat(new String(encrypted, StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertThat(SigstorePrivateKeys.isEncrypted(encrypted)).isTrue();
        PrivateKey decrypted = SigstorePrivateKeys.read(encrypted, passphrase(PASSPHRASE));
        assertThat(decrypted.getEncoded()).isEqualTo(type.pair().getPrivate().getEncoded());

        byte[] plain = Pem.encode("PRIVATE KEY", type.pair().getPrivate().getEncoded());
        assertThat(SigstorePrivateKeys.isEncrypted(plain)).isFalse();
        assertThat(SigstorePrivateKeys.read(plain, noPassphrase()).getEncoded())
                .isEqualTo(type.pair().getPrivate().getEncoded());
    }

    @Test
    void writesTheJsonDocumentCosignWrites() throws Exception {
        byte[] pem = SigstorePrivateKeys.encrypt(SigstorePrivateKeys.generate().getPrivate(), "x".toCharArray());
        Pem.Block block = Pem.decode(pem).orElseThrow();
        String json = new String(block.bytes(), StandardCharsets.US_ASCII);
        assertThat(json).matches("\\{\"kdf\":\\{\"name\":\"scrypt\",\"params\":\\{\"N\":32768,\"r\":8,\"p\":1},"
                + "\"salt\":\"[A-Za-z0-9+/]{43}=\"},\"cipher\":\\{\"name\":\"nacl/secretbox\","
                + "\"nonce\":\"[A-Za-z0-9+/]{32}\"},\"ciphertext\":\"[A-Za-z0-9+/=]+\"}");
        assertThat(new String(pem, StandardCharsets.US_ASCII).lines().skip(1)
                .filter(line -> !line.startsWith("-----"))).allMatch(line -> line.length() <= 64);
    }

    @Test
    void generatesP256KeysAsCosignDoes() throws Exception {
        KeyPair pair = SigstorePrivateKeys.generate();
        assertThat(pair.getPublic().getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPublicKey) pair.getPublic()).getParams().getCurve().getField()
                .getFieldSize()).isEqualTo(256);
    }

    /** go-securesystemslib's published documents: N = 32768 (twice), 65536 and 131072. */
    @Test
    void decryptsTheSecureSystemsLibVectors() throws Exception {
        List<String> vectors = new String(fixture("securesystemslib-vectors.txt"), StandardCharsets.US_ASCII)
                .lines().toList();
        assertThat(vectors).hasSize(4);
        for (int i = 0; i < vectors.size(); i++) {
            String vector = vectors.get(i);
            byte[] plaintext = ScryptSecretBox.decrypt(vector.getBytes(StandardCharsets.US_ASCII),
                    "supersecret".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(plaintext, StandardCharsets.UTF_8))
                    .isEqualTo(i == 0 ? "reallyimportant" : "\"cmVhbGx5aW1wb3J0YW50\"");
            assertThatThrownBy(() -> ScryptSecretBox.decrypt(vector.getBytes(StandardCharsets.US_ASCII),
                    "supersecreT".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining("wrong passphrase");
        }
    }

    @Test
    void readsKeysWrittenByCosignUnderBothPemNames() throws Exception {
        for (String name : List.of("cosign-legacy.key", "sigstore.key")) {
            PrivateKey key = SigstorePrivateKeys.read(fixture(name), passphrase("hello"));
            assertThat(key.getAlgorithm()).as(name).isEqualTo("EC");
            assertThat(((java.security.interfaces.ECPrivateKey) key).getParams().getCurve().getField().getFieldSize())
                    .as(name).isEqualTo(256);
        }
    }

    @Test
    void refusesAnEncryptedKeyThatIsNotPkcs8AsCosignDoes() {
        assertThatThrownBy(() -> SigstorePrivateKeys.read(fixture("cosign-ec-sec1.key"), passphrase("hello")))
                .isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining("PKCS#8");
    }

    @Test
    void refusesAWrongPassphraseWithoutRevealingEither() {
        byte[] pem = fixture("sigstore.key");
        assertThatThrownBy(() -> SigstorePrivateKeys.read(pem, passphrase("hello!")))
                .isInstanceOf(InvalidPrivateKeyException.class)
                .hasMessage("cannot decrypt the private key: wrong passphrase (or the key file was altered)");
    }

    static Stream<Arguments> corruptedDocuments() {
        return Stream.<Object[]>of(
                new Object[] {"not JSON", (UnaryOperator<String>) json -> "{\"kdf\":", "not valid JSON"},
                new Object[] {"a JSON array", (UnaryOperator<String>) json -> "[]", "not a JSON object"},
                new Object[] {"no ciphertext", (UnaryOperator<String>) json -> json.replaceFirst(",\"ciphertext\":\"[^\"]*\"", ""),
                        "no member \"ciphertext\""},
                new Object[] {"duplicate member", (UnaryOperator<String>) json -> json.replaceFirst("\\{\"kdf\"",
                        "{\"ciphertext\":\"AAAA\",\"kdf\""), "Duplicate field"},
                new Object[] {"another KDF", (UnaryOperator<String>) json -> json.replace("\"scrypt\"", "\"pbkdf2\""),
                        "unsupported key derivation function \"pbkdf2\""},
                new Object[] {"huge scrypt N", (UnaryOperator<String>) json -> json.replace("\"N\":32768", "\"N\":1073741824"),
                        "unsupported scrypt parameters N=1073741824"},
                new Object[] {"scrypt N wrapping to an accepted int", (UnaryOperator<String>) json ->
                        json.replace("\"N\":32768", "\"N\":4294999999"), "unsupported scrypt parameters"},
                new Object[] {"another r", (UnaryOperator<String>) json -> json.replace("\"r\":8", "\"r\":1"),
                        "unsupported scrypt parameters"},
                new Object[] {"N as a string", (UnaryOperator<String>) json -> json.replace("\"N\":32768", "\"N\":\"32768\""),
                        "kdf.params.N is not an integer"},
                new Object[] {"another cipher", (UnaryOperator<String>) json -> json.replace("nacl/secretbox", "aes-gcm"),
                        "unsupported cipher \"aes-gcm\""},
                new Object[] {"short nonce", (UnaryOperator<String>) json -> json.replaceFirst("\"nonce\":\"[^\"]*\"",
                        "\"nonce\":\"AAAA\""), "cipher.nonce is 3 bytes"},
                new Object[] {"salt not base64", (UnaryOperator<String>) json -> json.replaceFirst("\"salt\":\"[^\"]*\"",
                        "\"salt\":\"%%%\""), "kdf.salt is not valid base64"},
                new Object[] {"altered ciphertext", (UnaryOperator<String>) SigstorePrivateKeysTest::flipCiphertextByte,
                        "wrong passphrase (or the key file was altered)"},
                new Object[] {"truncated ciphertext", (UnaryOperator<String>) json -> json.replaceFirst(
                        "\"ciphertext\":\"[^\"]*\"", "\"ciphertext\":\"AAAA\""), "shorter than its 16-byte tag"})
                .map(row -> Arguments.of(row));
    }

    static String flipCiphertextByte(String json) {
        int start = json.indexOf("\"ciphertext\":\"") + 14;
        int end = json.indexOf('"', start);
        byte[] box = Base64.getDecoder().decode(json.substring(start, end));
        box[box.length - 1] ^= 1;
        return json.substring(0, start) + Base64.getEncoder().encodeToString(box) + json.substring(end);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptedDocuments")
    void refusesACorruptedEncryptedDocument(String name, UnaryOperator<String> corrupt, String message)
            throws Exception {
        byte[] pem = SigstorePrivateKeys.encrypt(TestKeys.ec("secp256r1").getPrivate(), PASSPHRASE.toCharArray());
        String json = new String(Pem.decode(pem).orElseThrow().bytes(), StandardCharsets.US_ASCII);
        byte[] corrupted = Pem.encode("ENCRYPTED SIGSTORE PRIVATE KEY",
                corrupt.apply(json).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> SigstorePrivateKeys.read(corrupted, passphrase(PASSPHRASE)))
                .isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSPHRASE));
    }

    static Stream<Arguments> wrongPems() throws Exception {
        byte[] pkcs8 = TestKeys.ec("secp256r1").getPrivate().getEncoded();
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        return Stream.of(
                Arguments.of("no PEM at all", "just some text".getBytes(StandardCharsets.US_ASCII), "no PEM block found"),
                Arguments.of("EC PRIVATE KEY", Pem.encode("EC PRIVATE KEY", pkcs8),
                        "unsupported PEM type \"EC PRIVATE KEY\""),
                Arguments.of("RSA PRIVATE KEY", Pem.encode("RSA PRIVATE KEY", pkcs8),
                        "unsupported PEM type \"RSA PRIVATE KEY\""),
                Arguments.of("PUBLIC KEY", PublicKeyPem.toPem(TestKeys.ec("secp256r1").getPublic()),
                        "unsupported PEM type \"PUBLIC KEY\""),
                Arguments.of("PRIVATE KEY holding garbage", Pem.encode("PRIVATE KEY", new byte[] {1, 2, 3}),
                        "not PKCS#8"),
                Arguments.of("RSA of 1024 bits", Pem.encode("PRIVATE KEY",
                        small.generateKeyPair().getPrivate().getEncoded()), "1024 bits, fewer than 2048"),
                Arguments.of("a public key as PKCS#8", Pem.encode("PRIVATE KEY",
                        TestKeys.ec("secp256r1").getPublic().getEncoded()), "PKCS#8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongPems")
    void refusesWhatIsNotASupportedPrivateKey(String name, byte[] pem, String message) {
        assertThatThrownBy(() -> SigstorePrivateKeys.read(pem, passphrase(PASSPHRASE)))
                .isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining(message);
    }

    @Test
    void refusesAnOversizedFileUnread() {
        byte[] huge = new byte[SigstorePrivateKeys.MAX_KEY_FILE_BYTES + 1];
        assertThatThrownBy(() -> SigstorePrivateKeys.read(huge, noPassphrase()))
                .isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining("larger than");
    }
}
