package dev.vouch.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch verify --output json}: a document scripts can rely on, for one image or several. */
class VerifyJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path policy;
    static Path signed;
    static Path tampered;
    static Path unsigned;

    @BeforeAll
    static void images() throws IOException {
        policy = Fixtures.signedByPolicy(dir, Fixtures.signerPublicKey());
        signed = Fixtures.signedImage(dir, "signed");
        tampered = Fixtures.signedImage(dir, "tampered");
        Path manifest = tampered.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"size\":135", "\"size\":136"));
        unsigned = Fixtures.unsignedImage(dir, "unsigned");
    }

    @Test
    void acceptedImageReportsTheSignatureThatAcceptedIt() throws IOException {
        CliResult result = verify("dir:" + signed);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode root = JSON.readTree(result.stdout());
        assertThat(fieldNames(root)).containsExactly("accepted", "images");
        assertThat(root.get("accepted").booleanValue()).isTrue();
        JsonNode image = root.get("images").get(0);
        assertThat(fieldNames(image)).containsExactly("image", "accepted", "summary", "manifestDigest", "scope",
                "requirements");
        assertThat(image.get("image").asText()).isEqualTo("dir:" + signed);
        assertThat(image.get("accepted").booleanValue()).isTrue();
        assertThat(image.get("manifestDigest").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(image.get("scope").get("transport").asText()).isEqualTo("dir");
        assertThat(image.get("scope").get("scope").asText()).isEmpty();
        JsonNode requirement = image.get("requirements").get(0);
        assertThat(fieldNames(requirement)).containsExactly("type", "description", "accepted", "reason", "signatures");
        assertThat(requirement.get("type").asText()).isEqualTo("signedBy");
        assertThat(requirement.get("accepted").booleanValue()).isTrue();
        JsonNode signature = requirement.get("signatures").get(0);
        assertThat(signature.get("index").intValue()).isEqualTo(1);
        assertThat(signature.get("format").asText()).isEqualTo("simple-signing");
        assertThat(signature.get("accepted").booleanValue()).isTrue();
        assertThat(signature.get("signer").asText()).isEqualTo(Fixtures.signerFingerprint());
        assertThat(signature.get("signedIdentity").asText()).isEqualTo(Fixtures.IDENTITY);
    }

    @Test
    void rejectedImageExplainsEachSignature() throws IOException {
        CliResult result = verify("dir:" + tampered);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        JsonNode root = JSON.readTree(result.stdout());
        assertThat(root.get("accepted").booleanValue()).isFalse();
        JsonNode image = root.get("images").get(0);
        assertThat(image.get("accepted").booleanValue()).isFalse();
        assertThat(image.get("summary").asText()).contains("does not match the manifest");
        JsonNode signature = image.get("requirements").get(0).get("signatures").get(0);
        assertThat(signature.get("accepted").booleanValue()).isFalse();
        assertThat(signature.get("reason").asText()).contains("does not match the manifest");
        assertThat(signature.has("signer")).isFalse();
        assertThat(signature.has("signedIdentity")).isFalse();
    }

    @Test
    void unsignedImageHasNoSignatures() throws IOException {
        CliResult result = verify("dir:" + unsigned);

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode requirement = JSON.readTree(result.stdout()).get("images").get(0).get("requirements").get(0);
        assertThat(requirement.get("signatures").size()).isZero();
        assertThat(requirement.get("reason").asText()).contains("no signature exists");
    }

    @Test
    void severalImagesAreReportedInOrderAndOneRejectionRejectsAll() throws IOException {
        CliResult result = verify("dir:" + signed, "dir:" + tampered, "dir:" + signed);

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode root = JSON.readTree(result.stdout());
        assertThat(root.get("accepted").booleanValue()).isFalse();
        assertThat(imageNames(root)).containsExactly("dir:" + signed, "dir:" + tampered, "dir:" + signed);
        assertThat(root.get("images").get(0).get("accepted").booleanValue()).isTrue();
        assertThat(root.get("images").get(1).get("accepted").booleanValue()).isFalse();
    }

    @Test
    void severalAcceptedImagesExitZero() throws IOException {
        CliResult result = verify("dir:" + signed, "dir:" + signed);

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.stdout()).get("accepted").booleanValue()).isTrue();
    }

    @Test
    void unreadableImageExitsTwoWhileTheOthersAreStillReported() throws IOException {
        Path missing = dir.resolve("missing");

        CliResult result = verify("dir:" + signed, "dir:" + missing, "dir:" + tampered);

        assertThat(result.exitCode()).isEqualTo(2);
        JsonNode root = JSON.readTree(result.stdout());
        assertThat(imageNames(root)).containsExactly("dir:" + signed, "dir:" + tampered);
        assertThat(root.get("accepted").booleanValue()).isFalse();
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderrLines().get(0)).startsWith("vouch: ").contains(missing.toString());
        result.assertNoStackTrace();
    }

    @Test
    void unreadableImageAmongAcceptedOnesStillExitsTwo() throws IOException {
        CliResult result = verify("dir:" + signed, "foo:bar");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(imageNames(JSON.readTree(result.stdout()))).containsExactly("dir:" + signed);
        assertThat(result.stderr()).contains("foo");
    }

    @Test
    void textOutputExplainsEveryImage() {
        CliResult result = Cli.run("verify", "--policy", policy.toString(), "dir:" + signed, "dir:" + tampered);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("dir:" + signed + ": ACCEPTED", "dir:" + tampered + ": REJECTED",
                "signed by " + Fixtures.signerFingerprint());
    }

    private static CliResult verify(String... images) {
        List<String> args = new ArrayList<>(List.of("verify", "--policy", policy.toString(), "--output", "json"));
        args.addAll(List.of(images));
        return Cli.run(args);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> imageNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        root.get("images").forEach(image -> names.add(image.get("image").asText()));
        return names;
    }
}
