package dev.vouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Passphrases and secret key material never reach the output, whatever goes wrong. */
class SecretsTest {
    private static final String WRONG_PASSPHRASE = "w0rd-that-must-stay-secret";

    @TempDir
    static Path dir;

    /** Command lines that read the secret key or the passphrase, and fail or succeed. */
    static Stream<List<String>> commandLines() {
        Path image = Fixtures.unsignedImage(dir, "image-" + System.nanoTime());
        Path wrong = Fixtures.write(dir.resolve("wrong.pass"), WRONG_PASSPHRASE + "\n");
        String fpr = Fixtures.signerFingerprint();
        String key = Fixtures.signerSecretKey().toString();
        String manifest = image.resolve("manifest.json").toString();
        String out = dir.resolve("out.sig").toString();
        String good = Fixtures.passphraseFile().toString();
        Path sigstoreKey = dir.resolve("sigstore-" + System.nanoTime());
        Cli.run(List.of("generate-sigstore-key", "--output-prefix", sigstoreKey, "--passphrase-file", good));
        return Stream.of(
                // a sigstore key: signing with a wrong passphrase, generating over existing files
                List.of("sign", "--sign-by-sigstore-private-key", sigstoreKey + ".private", "--sign-passphrase-file",
                        wrong.toString(), "--sign-identity", "quay.io/a/b:1", "dir:" + image),
                List.of("generate-sigstore-key", "--output-prefix", sigstoreKey.toString(), "--passphrase-file",
                        wrong.toString()),
                List.of("sign", "--sign-by", fpr, "--sign-identity", "quay.io/a/b:1", "--key-file", key,
                        "--passphrase-file", wrong.toString(), "dir:" + image),
                List.of("standalone-sign", manifest, "quay.io/a/b:1", fpr, "-o", out, "--key-file", key,
                        "--passphrase-file", wrong.toString()),
                // the secret key given where a public key, a policy, a manifest or a signature is expected
                List.of("standalone-verify", manifest, "quay.io/a/b:1", fpr, out, "--public-key-file", key),
                List.of("standalone-verify", manifest, "quay.io/a/b:1", fpr, key, "--public-key-file",
                        Fixtures.signerPublicKey().toString()),
                List.of("standalone-sign", key, "quay.io/a/b:1", fpr, "-o", out, "--key-file", key,
                        "--passphrase-file", wrong.toString()),
                List.of("verify", "--policy", key, "dir:" + image),
                List.of("policy", "check", key),
                List.of("trust", "show", "--policy", key),
                // the passphrase file given as a key, and a successful signature (--output is the only output)
                List.of("standalone-sign", manifest, "quay.io/a/b:1", fpr, "-o", out, "--key-file", wrong.toString(),
                        "--passphrase-file", good),
                List.of("standalone-sign", manifest, "quay.io/a/b:1", fpr, "-o", out, "--key-file", key,
                        "--passphrase-file", good));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void neitherPassphraseNorKeyMaterialIsPrinted(List<String> commandLine) {
        CliResult result = Cli.run(commandLine);

        String printed = result.stdout() + result.stderr();
        assertThat(printed).as(result.describe())
                .doesNotContain(WRONG_PASSPHRASE, Fixtures.passphrase(), "-----BEGIN PGP PRIVATE KEY",
                        "PRIVATE KEY-----")
                .doesNotContain(secretKeyBody());
        result.assertNoStackTrace();
    }

    /** A line of the armored secret key's base64 body. */
    private static String secretKeyBody() {
        List<String> lines = Fixtures.read(Fixtures.signerSecretKey()).lines().toList();
        return lines.get(lines.size() / 2);
    }
}
