package dev.vouch.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch inspect} over the bundled example (examples/ at the repository root). */
class InspectCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String SIGNED = "dir:" + EXAMPLES.resolve("images/hello");
    private static final String TAMPERED = "dir:" + EXAMPLES.resolve("images/hello-tampered");

    @TempDir
    static Path temp;

    /** The example policy with its key path made absolute (relative key paths follow the working directory). */
    private static String policy() throws Exception {
        String text = Files.readString(EXAMPLES.resolve("policy.json"), StandardCharsets.UTF_8)
                .replace("\"examples/keys/example.pub.asc\"", "\"" + EXAMPLES.resolve("keys/example.pub.asc") + "\"");
        return Files.writeString(temp.resolve("policy.json"), text, StandardCharsets.UTF_8).toString();
    }

    @Test
    void showsDigestLayersAndUnverifiedSignaturesWithoutAPolicy() {
        CliResult result = Cli.run("inspect", SIGNED);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout())
                .contains("sha256:bdea1eb1805606f4aa0b0dbbe6e1a168a4dd0a71f9bcbfb05bceadc969ed1403")
                .contains("application/vnd.oci.image.manifest.v1+json")
                .contains("layers:      1")
                .contains("1 (simple-signing): unverified")
                .contains("from " + EXAMPLES.resolve("images/hello/signature-1"));
    }

    @Test
    void marksEachSignatureWithThePolicysJudgement() throws Exception {
        CliResult accepted = Cli.run("inspect", "--output", "json", "--policy", policy(), SIGNED);
        assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
        JsonNode json = new ObjectMapper().readTree(accepted.stdout());
        assertThat(json.get("accepted").asBoolean()).isTrue();
        assertThat(json.get("signatures").get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(json.get("signatures").get(0).get("origin").asText())
                .isEqualTo(EXAMPLES.resolve("images/hello/signature-1").toString());
        assertThat(json.get("signatures").get(0).get("signedIdentity").asText())
                .isEqualTo("registry.example.com/vouch/hello:1.0");

        CliResult rejected = Cli.run("inspect", "--output", "json", "--policy", policy(), TAMPERED);
        JsonNode rejectedJson = new ObjectMapper().readTree(rejected.stdout());
        assertThat(rejectedJson.get("accepted").asBoolean()).isFalse();
        assertThat(rejectedJson.get("signatures").get(0).get("status").asText()).isEqualTo("rejected");
        assertThat(rejectedJson.get("signatures").get(0).get("reason").asText()).contains("does not match");
    }

    @Test
    void aMissingImageIsInvalidInput() {
        CliResult result = Cli.run("inspect", "dir:" + EXAMPLES.resolve("images/no-such-image"));
        assertThat(result.exitCode()).isEqualTo(2);
        result.assertOneLineUserError();
    }
}
