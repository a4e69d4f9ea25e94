package dev.vouch.cli.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vouch generate-sigstore-key} and {@code vouch sign --sign-by-sigstore-private-key} on {@code dir:} images,
 * checked by {@code vouch verify} under a {@code sigstoreSigned} policy.
 */
class SigstoreSigningTest {
    private static final String PASSPHRASE = "sigstore test passphrase";
    private static final String IDENTITY = "registry.example.com/vouch/sigstore:1.0";

    @TempDir
    static Path dir;
    static Path passphraseFile;
    static Path key;
    static Path publicKey;
    static Path policy;

    @BeforeAll
    static void generateKey() {
        passphraseFile = Fixtures.write(dir.resolve("passphrase"), PASSPHRASE + "\n");
        CliResult result = Cli.run(List.of("generate-sigstore-key", "--output-prefix", dir.resolve("team"),
                "--passphrase-file", passphraseFile));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        key = dir.resolve("team.private");
        publicKey = dir.resolve("team.pub");
        policy = sigstorePolicy("policy.json", publicKey);
    }

    static Path sigstorePolicy(String name, Path trustedKey) {
        return Fixtures.write(dir.resolve(name), "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"dir\":{\"\":["
                + "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + trustedKey + "\",\"signedIdentity\":"
                + "{\"type\":\"exactReference\",\"dockerReference\":\"" + IDENTITY + "\"}}]}}}");
    }

    static CliResult sign(Path image, Object... keyOptions) {
        List<Object> args = new java.util.ArrayList<>(List.of("sign", "--sign-identity", IDENTITY));
        args.addAll(List.of(keyOptions));
        args.add("dir:" + image);
        return Cli.run(args);
    }

    @Test
    void generatesAnEncryptedPrivateKeyReadableOnlyByItsOwnerAndAPublicKey() throws IOException {
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n")
                .doesNotContain(PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(publicKey))).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void neverReplacesAnExistingKeyFile() throws IOException {
        Path existing = Fixtures.write(dir.resolve("taken.pub"), "keep me\n");
        String error = Cli.run(List.of("generate-sigstore-key", "--output-prefix", dir.resolve("taken"),
                "--passphrase-file", passphraseFile)).assertOneLineUserError();
        assertThat(error).isEqualTo("vouch: " + existing + ": already exists; not replacing it");
        assertThat(Files.readString(existing)).isEqualTo("keep me\n");
        assertThat(dir.resolve("taken.private")).doesNotExist();
    }

    @Test
    void withoutATerminalThePassphraseMustComeFromAFile() {
        String error = Cli.run(List.of("generate-sigstore-key", "--output-prefix", dir.resolve("noterminal")))
                .assertOneLineUserError();
        assertThat(error).contains("not running on a terminal").contains("--passphrase-file");
        assertThat(dir.resolve("noterminal.private")).doesNotExist();
    }

    @Test
    void signsADirImageThatVerifyAccepts() throws Exception {
        Path image = Fixtures.unsignedImage(dir, "signed");
        CliResult signed = sign(image, "--sign-by-sigstore-private-key", key, "--sign-passphrase-file", passphraseFile);
        assertThat(signed.exitCode()).as(signed.describe()).isZero();
        assertThat(signed.stdout()).contains("as " + IDENTITY + " with sigstore key " + key);

        UntrustedSigstoreSignature stored = (UntrustedSigstoreSignature) SignatureEnvelope.decode(
                Files.readAllBytes(image.resolve("signature-1")));
        assertThat(stored.mimeType()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
        assertThat(new String(stored.untrustedPayload(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"docker-reference\":\"" + IDENTITY + "\"")
                .contains("\"type\":\"cosign container image signature\"");

        CliResult verify = Cli.run(List.of("verify", "--policy", policy, "dir:" + image));
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
    }

    @Test
    void aSignatureByAnotherKeyIsRejected() throws Exception {
        Path image = Fixtures.unsignedImage(dir, "other-key");
        CliResult other = Cli.run(List.of("generate-sigstore-key", "--output-prefix", dir.resolve("other"),
                "--passphrase-file", passphraseFile));
        assertThat(other.exitCode()).as(other.describe()).isZero();
        assertThat(sign(image, "--sign-by-sigstore-private-key", dir.resolve("other.private"),
                "--sign-passphrase-file", passphraseFile).exitCode()).isZero();

        CliResult verify = Cli.run(List.of("verify", "--policy", policy, "dir:" + image));
        assertThat(verify.exitCode()).as(verify.describe()).isEqualTo(1);
    }

    @Test
    void signsWithAnUnencryptedPkcs8KeyWithoutAskingForAPassphrase() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        java.security.KeyPair pair = generator.generateKeyPair();
        Path plain = Fixtures.write(dir.resolve("plain.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path plainPublic = Fixtures.write(dir.resolve("plain.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Path image = Fixtures.unsignedImage(dir, "plain-key");

        CliResult signed = sign(image, "--sign-by-sigstore-private-key", plain);
        assertThat(signed.exitCode()).as(signed.describe()).isZero();
        CliResult verify = Cli.run(List.of("verify", "--policy", sigstorePolicy("plain-policy.json", plainPublic),
                "dir:" + image));
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
    }

    /** The cosign project's published key (passphrase "hello"), under the PEM name cosign writes today. */
    @Test
    void signsWithAKeyWrittenByCosign() throws Exception {
        Path cosignKey = dir.resolve("cosign.key");
        try (var in = SigstoreSigningTest.class.getResourceAsStream("/signature/sigstore-keys/sigstore.key")) {
            Files.write(cosignKey, in.readAllBytes());
        }
        Path hello = Fixtures.write(dir.resolve("hello"), "hello\n");
        Path image = Fixtures.unsignedImage(dir, "cosign-key");
        CliResult signed = sign(image, "--sign-by-sigstore-private-key", cosignKey, "--sign-passphrase-file", hello);
        assertThat(signed.exitCode()).as(signed.describe()).isZero();
        assertThat(image.resolve("signature-1")).exists();
    }

    static Stream<Arguments> mistakes() {
        Path wrong = Fixtures.write(dir.resolve("wrong-passphrase"), "not the passphrase\n");
        Path notAKey = Fixtures.write(dir.resolve("not-a-key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n"
                + "-----END EC PRIVATE KEY-----\n");
        return Stream.of(
                Arguments.of("wrong passphrase", List.of("--sign-by-sigstore-private-key", key,
                        "--sign-passphrase-file", wrong), key + ": cannot decrypt the private key: wrong passphrase"),
                Arguments.of("no passphrase and no terminal", List.of("--sign-by-sigstore-private-key", key),
                        "not running on a terminal: give the passphrase with --sign-passphrase-file"),
                Arguments.of("missing key file", List.of("--sign-by-sigstore-private-key", dir.resolve("absent")),
                        dir.resolve("absent") + ": no such file"),
                Arguments.of("wrong PEM type", List.of("--sign-by-sigstore-private-key", notAKey),
                        "unsupported PEM type \"EC PRIVATE KEY\""),
                Arguments.of("an OpenPGP key file with a sigstore key", List.of("--sign-by-sigstore-private-key", key,
                        "--key-file", key), "cannot be used with --sign-by-sigstore-private-key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void refusesWithOneLineAndNoSignature(String name, List<Object> keyOptions, String message) {
        Path image = Fixtures.unsignedImage(dir, "mistake-" + name.replace(' ', '-'));
        CliResult result = sign(image, keyOptions.toArray());
        String error = result.assertOneLineUserError();
        assertThat(error).contains(message).doesNotContain(PASSPHRASE).doesNotContain("not the passphrase");
        assertThat(image.resolve("signature-1")).doesNotExist();
    }

    @Test
    void bothKindsOfKeyOrNoneIsAUsageError() {
        Path image = Fixtures.unsignedImage(dir, "usage");
        String both = sign(image, "--sign-by", "0123456789ABCDEF0123456789ABCDEF01234567",
                "--sign-by-sigstore-private-key", key).assertUsageError("vouch sign");
        assertThat(both).contains("--sign-by", "--sign-by-sigstore-private-key", "mutually exclusive");
        String none = sign(image).assertUsageError("vouch sign");
        assertThat(none).contains("--sign-by", "--sign-by-sigstore-private-key");
        assertThat(image.resolve("signature-1")).doesNotExist();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
