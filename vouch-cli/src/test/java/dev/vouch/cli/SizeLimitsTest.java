package dev.vouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manifests, signatures and policies over 4 MiB are refused with a message saying so (exit 2), before they are
 * parsed: each oversized file is otherwise valid, so any other message would show it was processed.
 */
class SizeLimitsTest {
    private static final int LIMIT = 4 * 1024 * 1024;

    @TempDir
    static Path dir;
    static Map<String, String> files;

    @BeforeAll
    static void oversizedFiles() throws IOException {
        Path good = Fixtures.signedImage(dir, "good");
        Path bigImage = Fixtures.signedImage(dir, "big-manifest");
        String manifest = Files.readString(bigImage.resolve("manifest.json"));
        Files.writeString(bigImage.resolve("manifest.json"), manifest.substring(0, manifest.length() - 1)
                + ",\"annotations\":{\"padding\":\"" + "x".repeat(LIMIT) + "\"}}");
        Path bigSignature = dir.resolve("big.sig");
        byte[] signature = Files.readAllBytes(good.resolve("signature-1"));
        Files.write(bigSignature, Arrays.copyOf(signature, LIMIT + 1));
        Path bigPolicy = Fixtures.write(dir.resolve("big-policy.json"), "{\"default\": [{\"type\": \"reject\"}]}"
                + " ".repeat(LIMIT));
        Path acceptPolicy = Fixtures.acceptAnythingPolicy(dir);
        files = Map.of("good", good.toString(), "big-image", bigImage.toString(),
                "big-manifest", bigImage.resolve("manifest.json").toString(), "big-sig", bigSignature.toString(),
                "big-policy", bigPolicy.toString(), "accept", acceptPolicy.toString(),
                "sec", Fixtures.signerSecretKey().toString(), "pass", Fixtures.passphraseFile().toString(),
                "pub", Fixtures.signerPublicKey().toString(), "fpr", Fixtures.signerFingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            verify: manifest                | verify --policy {accept} dir:{big-image}                             | manifest.json
            sign: manifest                  | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {pass} dir:{big-image} | manifest.json
            standalone-sign: manifest       | standalone-sign {big-manifest} quay.io/a/b:1 {fpr} -o {good}/out.sig --key-file {sec} --passphrase-file {pass} | manifest.json
            standalone-verify: manifest     | standalone-verify {big-manifest} quay.io/a/b:1 {fpr} {good}/signature-1 --public-key-file {pub} | manifest.json
            standalone-verify: signature    | standalone-verify {good}/manifest.json quay.io/a/b:1 {fpr} {big-sig} --public-key-file {pub} | big.sig
            verify: policy                  | verify --policy {big-policy} dir:{good}                              | big-policy.json
            policy check                    | policy check {big-policy}                                            | big-policy.json
            trust show                      | trust show --policy {big-policy}                                     | big-policy.json
            trust set                       | trust set --policy {big-policy} -t accept quay.io/a                  | big-policy.json
            """)
    void oversizedInputIsRefusedBeforeParsing(String what, String commandLine, String file) {
        String expanded = commandLine.strip();
        for (Map.Entry<String, String> entry : files.entrySet()) {
            expanded = expanded.replace("{" + entry.getKey() + "}", entry.getValue());
        }

        CliResult result = Cli.run(List.of(expanded.split(" +")));

        String line = result.assertOneLineUserError();
        assertThat(line).contains(file).containsPattern("larger than|more than|limit").contains(String.valueOf(LIMIT));
    }

    @Test
    void oversizedSignatureInADirImageRejectsTheImage() throws IOException {
        Path image = Fixtures.unsignedImage(dir, "big-signature");
        Files.copy(Path.of(files.get("big-sig")), image.resolve("signature-1"));
        Path policy = Fixtures.signedByPolicy(dir, Fixtures.signerPublicKey());

        CliResult result = Cli.run("verify", "--policy", policy.toString(), "dir:" + image);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).contains("REJECTED", "signature-1", "limit of " + LIMIT);
        result.assertNoStackTrace();
    }

    @Test
    void policyAtTheLimitIsRead() throws IOException {
        String content = "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}";
        Path policy = Fixtures.write(dir.resolve("limit-policy.json"), content + " ".repeat(LIMIT - content.length()));
        assertThat(Files.size(policy)).isEqualTo(LIMIT);

        CliResult result = Cli.run("policy", "check", policy.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
    }
}
