package dev.vouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User mistakes on every command: each is refused with exit code 2 and a single {@code vouch: ...} line that names
 * the file, field or argument at fault, without a stack trace. Rows are command lines in which {@code {name}} stands
 * for a file prepared in {@link #prepare()}, and the words the message must contain.
 */
class BadInputTest {

    @TempDir
    static Path dir;

    private static final Map<String, String> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void prepare() throws IOException {
        Path good = Fixtures.signedImage(dir, "good");
        Path corrupt = Fixtures.unsignedImage(dir, "corrupt-manifest");
        Files.writeString(corrupt.resolve("manifest.json"), "{\"schemaVersion\": 2, \"config\": [");
        Path notAManifest = Fixtures.unsignedImage(dir, "json-not-a-manifest");
        Files.writeString(notAManifest.resolve("manifest.json"), "{\"hello\": \"world\"}");
        Path badRegistries = dir.resolve("registries.d");
        Files.createDirectories(badRegistries);
        Files.writeString(badRegistries.resolve("broken.yaml"), "docker:\n  quay.io: [unclosed\n");
        FILES.put("dir", dir.toString());
        FILES.put("good", good.toString());
        FILES.put("corrupt", corrupt.toString());
        FILES.put("notamanifest", notAManifest.toString());
        FILES.put("manifest", good.resolve("manifest.json").toString());
        FILES.put("signature", good.resolve("signature-1").toString());
        FILES.put("policy", Fixtures.signedByPolicy(dir, Fixtures.signerPublicKey()).toString());
        FILES.put("accept", Fixtures.acceptAnythingPolicy(dir).toString());
        FILES.put("notjson", Fixtures.write(dir.resolve("notjson.json"), "default: reject\n").toString());
        FILES.put("invalid", Fixtures.write(dir.resolve("invalid.json"),
                "{\"default\": [{\"type\": \"signedBy\", \"keyPath\": \"/k\"}]}").toString());
        FILES.put("garbage", Fixtures.write(dir.resolve("garbage.bin"), "this is not a key\n").toString());
        FILES.put("wrongpass", Fixtures.write(dir.resolve("wrong.pass"), "not-the-passphrase\n").toString());
        FILES.put("registries", badRegistries.toString());
        FILES.put("sec", Fixtures.signerSecretKey().toString());
        FILES.put("pub", Fixtures.signerPublicKey().toString());
        FILES.put("pass", Fixtures.passphraseFile().toString());
        FILES.put("fpr", Fixtures.signerFingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing policy file        | verify --policy {dir}/missing.json dir:{good}                  | missing.json
            policy that is not JSON    | verify --policy {notjson} dir:{good}                           | notjson.json, invalid JSON
            invalid policy             | verify --policy {invalid} dir:{good}                           | invalid.json, default[0].keyType
            unknown transport          | verify --policy {policy} foo:x                                 | foo
            docker: without //         | verify --policy {policy} docker:quay.io/app                    | docker:, //
            empty dir: path            | verify --policy {policy} dir:                                  | dir:
            nonexistent dir: image     | verify --policy {policy} dir:{dir}/no-image                    | no-image
            nonexistent image, accept  | verify --policy {accept} dir:{dir}/no-image                    | no-image
            corrupt manifest           | verify --policy {policy} dir:{corrupt}                         | corrupt-manifest, manifest
            corrupt manifest, accept   | verify --policy {accept} dir:{corrupt}                         | corrupt-manifest, manifest
            JSON that is no manifest   | verify --policy {accept} dir:{notamanifest}                    | json-not-a-manifest, manifest
            invalid registries.d       | verify --policy {policy} --registries.d {registries} dir:{good} | broken.yaml
            sign: key not a key        | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {garbage} --passphrase-file {pass} dir:{good} | garbage.bin
            sign: public key as secret | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {pub} --passphrase-file {pass} dir:{good} | signer.pub.asc, PUBLIC
            sign: wrong passphrase     | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {wrongpass} dir:{good} | signer.sec.asc, passphrase
            sign: no passphrase        | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} dir:{good} | signer.sec.asc, passphrase
            sign: missing passphrase   | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {dir}/no.pass dir:{good} | no.pass
            sign: missing key file     | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {dir}/no.key --passphrase-file {pass} dir:{good} | no.key
            sign: wrong fingerprint    | sign --sign-by 0123456789ABCDEF0123456789ABCDEF01234567 --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {pass} dir:{good} | 0123456789ABCDEF0123456789ABCDEF01234567
            sign: short fingerprint    | sign --sign-by ABCD --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {pass} dir:{good} | ABCD
            sign: identity not qualified | sign --sign-by {fpr} --sign-identity app:1.0 --key-file {sec} --passphrase-file {pass} dir:{good} | --sign-identity, app:1.0
            sign: identity invalid     | sign --sign-by {fpr} --sign-identity quay.io/App:1.0 --key-file {sec} --passphrase-file {pass} dir:{good} | --sign-identity, quay.io/App:1.0
            sign: corrupt manifest     | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {pass} dir:{corrupt} | corrupt-manifest, manifest
            sign: nonexistent image    | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {pass} dir:{dir}/no-image | no-image
            sign: not a dir: image     | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --passphrase-file {pass} oci:{dir}/layout | dir:
            sign: two key sources      | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --key-file {sec} --gpg-home {dir} dir:{good} | --key-file, --gpg-home
            sign: not a GnuPG home     | sign --sign-by {fpr} --sign-identity quay.io/a/b:1 --gpg-home {dir}/no-home dir:{good} | no-home
            standalone-sign: missing manifest | standalone-sign {dir}/no-manifest.json quay.io/a/b:1 {fpr} -o {dir}/out.sig --key-file {sec} --passphrase-file {pass} | no-manifest.json
            standalone-sign: bad reference | standalone-sign {manifest} quay.io/A/b:1 {fpr} -o {dir}/out.sig --key-file {sec} --passphrase-file {pass} | DOCKER-REFERENCE, quay.io/A/b:1
            standalone-sign: key not a key | standalone-sign {manifest} quay.io/a/b:1 {fpr} -o {dir}/out.sig --key-file {garbage} --passphrase-file {pass} | garbage.bin
            standalone-sign: wrong passphrase | standalone-sign {manifest} quay.io/a/b:1 {fpr} -o {dir}/out.sig --key-file {sec} --passphrase-file {wrongpass} | signer.sec.asc, passphrase
            standalone-sign: no output directory | standalone-sign {manifest} quay.io/a/b:1 {fpr} -o {dir}/no-dir/out.sig --key-file {sec} --passphrase-file {pass} | no-dir, does not exist
            standalone-verify: missing signature | standalone-verify {manifest} quay.io/a/b:1 {fpr} {dir}/no.sig --public-key-file {pub} | no.sig
            standalone-verify: missing manifest | standalone-verify {dir}/no-manifest.json quay.io/a/b:1 {fpr} {signature} --public-key-file {pub} | no-manifest.json
            standalone-verify: key not a key | standalone-verify {manifest} quay.io/a/b:1 {fpr} {signature} --public-key-file {garbage} | garbage.bin
            standalone-verify: secret key as public | standalone-verify {manifest} quay.io/a/b:1 {fpr} {signature} --public-key-file {sec} | signer.sec.asc
            standalone-verify: short fingerprint | standalone-verify {manifest} quay.io/a/b:1 ABCD {signature} --public-key-file {pub} | KEY-FINGERPRINTS, ABCD
            standalone-verify: any without key file | standalone-verify {manifest} quay.io/a/b:1 any {signature} --gpg-home {dir} | any, --public-key-file
            standalone-verify: two key sources | standalone-verify {manifest} quay.io/a/b:1 {fpr} {signature} --public-key-file {pub} --gpg-home {dir} | --public-key-file, --gpg-home
            standalone-verify: bad reference | standalone-verify {manifest} quay.io/A/b:1 {fpr} {signature} --public-key-file {pub} | DOCKER-REFERENCE, quay.io/A/b:1
            trust set: unknown type    | trust set --policy {dir}/trust.json -t trusted default         | trusted
            trust set: signedBy without keys | trust set --policy {dir}/trust.json -t signedBy quay.io/a | signedBy, key
            trust set: policy not JSON | trust set --policy {notjson} -t accept default                 | notjson.json
            trust set: no directory    | trust set --policy {dir}/no-dir/policy.json -t accept default  | no-dir
            trust show: missing policy | trust show --policy {dir}/missing.json                         | missing.json
            trust show: invalid policy | trust show --policy {invalid} --raw                            | invalid.json, keyType
            policy check: missing file | policy check {dir}/missing.json                                | missing.json
            """)
    void userMistakeIsOneLineNamingTheCulprit(String mistake, String commandLine, String expectedWords) {
        CliResult result = Cli.run(expand(commandLine));

        String line = result.assertOneLineUserError();
        assertThat(line).contains(Arrays.stream(expectedWords.split(",")).map(String::strip).toList());
        assertThat(result.stdout()).as(result.describe()).isEmpty();
    }

    @Test
    void rejectedImageExitsOneWithTheExplanationOnStdout() throws IOException {
        Path tampered = Fixtures.signedImage(dir, "tampered");
        String manifest = Files.readString(tampered.resolve("manifest.json"));
        Files.writeString(tampered.resolve("manifest.json"), manifest.replace("\"size\":135", "\"size\":136"));

        CliResult result = Cli.run("verify", "--policy", FILES.get("policy"), "dir:" + tampered);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).contains("dir:" + tampered + ": REJECTED", "does not match the manifest");
        assertThat(result.stderr()).isEmpty();
        result.assertNoStackTrace();
    }

    @Test
    void imageSignedByAnUntrustedKeyIsRejected() {
        Path policy = Fixtures.signedByPolicy(dir.resolve("other-policy"), Fixtures.otherPublicKey());

        CliResult result = Cli.run("verify", "--policy", policy.toString(), "dir:" + FILES.get("good"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).contains("REJECTED");
        result.assertNoStackTrace();
    }

    @Test
    void garbageSignatureFileFailsVerificationWithOneLine() {
        CliResult result = Cli.run("standalone-verify", FILES.get("manifest"), "quay.io/a/b:1", FILES.get("fpr"),
                FILES.get("garbage"), "--public-key-file", FILES.get("pub"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderrLines().get(0)).startsWith("vouch: signature verification failed: ")
                .contains("unrecognized signature format");
        result.assertNoStackTrace();
    }

    @Test
    void garbageSignatureInADirImageRejectsIt() throws IOException {
        Path image = Fixtures.unsignedImage(dir, "garbage-signature");
        Files.writeString(image.resolve("signature-1"), "not a signature");

        CliResult result = Cli.run("verify", "--policy", FILES.get("policy"), "dir:" + image);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).contains("REJECTED", "signature-1", "unrecognized signature format");
        result.assertNoStackTrace();
    }

    private static List<String> expand(String commandLine) {
        String expanded = commandLine.strip();
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            expanded = expanded.replace("{" + file.getKey() + "}", file.getValue());
        }
        return Arrays.asList(expanded.split(" +"));
    }
}
