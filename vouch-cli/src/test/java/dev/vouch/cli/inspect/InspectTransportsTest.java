package dev.vouch.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code vouch inspect} over the oci:, oci-archive: and dir: fixtures of vouch-core, and over a manifest list. */
class InspectTransportsTest {
    private static final Path IMAGES = Path.of("..", "vouch-core", "src", "test", "resources", "image")
            .toAbsolutePath().normalize();
    private static final String SINGLE = "sha256:9059e13318e2f1d80d943a3a3ea3650b6b54feceec7ce1620e92cec54510eb4d";
    private static final String V2S2 = "sha256:6f64d0eaa1ead1a7d7dfa339796e3373dd290339a3c8cd40caa1043cd6a1c0e3";

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"oci:%s/oci-single", "oci-archive:%s/oci-archive-single.tar", "oci:%s/oci-two-images:app"})
    void showsTheManifestDigestOfAnOciImageWithNoSignatures(String image) throws Exception {
        CliResult result = Cli.run("inspect", "--output", "json", image.formatted(IMAGES));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.get("digest").asText()).isEqualTo(SINGLE);
        assertThat(json.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(json.get("layers").asInt()).isEqualTo(1);
        assertThat(json.get("signatures")).isEmpty();
        assertThat(json.has("accepted")).isFalse();
    }

    @Test
    void listsThePlatformsOfAManifestListWithEachInstanceDigest() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("index"));
        Files.writeString(dir.resolve("version"), "Directory Transport Version: 1.1\n");
        Files.writeString(dir.resolve("manifest.json"), """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":401,
                 "platform":{"os":"linux","architecture":"amd64"}},
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":423,
                 "platform":{"os":"linux","architecture":"arm","variant":"v7"}}]}""".formatted(SINGLE, V2S2));

        CliResult text = Cli.run("inspect", "dir:" + dir);
        assertThat(text.exitCode()).as(text.describe()).isZero();
        assertThat(text.stdout()).contains("application/vnd.oci.image.index.v1+json")
                .contains("linux/amd64  " + SINGLE).contains("linux/arm/v7  " + V2S2).contains("signatures:  none");

        JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", "-o", "json", "dir:" + dir).stdout());
        JsonNode platforms = json.get("platforms");
        assertThat(platforms).hasSize(2);
        assertThat(platforms.get(1).get("architecture").asText()).isEqualTo("arm");
        assertThat(platforms.get(1).get("variant").asText()).isEqualTo("v7");
        assertThat(platforms.get(1).get("digest").asText()).isEqualTo(V2S2);
    }

    @Test
    void anUnknownTransportIsInvalidInput() {
        CliResult result = Cli.run("inspect", "nosuch:" + IMAGES);
        result.assertOneLineUserError();
    }
}
