package dev.vouch.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileWriterTest {
    private static final String EXISTING = """
            {"auths":{"quay.io":{"auth":"cTp4","email":"kept@example.com"},"https://index.docker.io/v1/":{"auth":"ZDp5"}},
             "credHelpers":{"gcr.io":"gcloud"},"psFormat":"table"}
            """;

    @TempDir
    Path temp;

    private JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void storesCredentialsThatTheLookupFindsAndKeepsEveryOtherEntryAndField() throws IOException {
        Path file = Files.writeString(temp.resolve("auth.json"), EXISTING);
        AuthFileWriter.store(file, "registry.example.com:5000", new Credentials("alice", "pa:ss"));

        JsonNode root = json(file);
        assertThat(root.path("auths").path("registry.example.com:5000").path("auth").asText())
                .isEqualTo("YWxpY2U6cGE6c3M=");
        assertThat(root.path("auths").path("quay.io").path("email").asText()).isEqualTo("kept@example.com");
        assertThat(root.path("auths").has("https://index.docker.io/v1/")).isTrue();
        assertThat(root.path("credHelpers").path("gcr.io").asText()).isEqualTo("gcloud");
        assertThat(root.path("psFormat").asText()).isEqualTo("table");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(CredentialLookup.find(ImageReference.parse("registry.example.com:5000/a/b:1"), Optional.of(file),
                temp, Map.of())).contains(new Credentials("alice", "pa:ss"));
    }

    @Test
    void createsAMissingFileInAPrivateDirectory() throws IOException {
        Path file = temp.resolve("run/containers/auth.json");
        AuthFileWriter.store(file, "quay.io/team", new Credentials("bob", "pw"));

        assertThat(json(file).path("auths").path("quay.io/team").path("auth").asText()).isEqualTo("Ym9iOnB3");
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void removesOneEntryIncludingTheLegacyUrlFormOfAHost() throws IOException {
        Path file = Files.writeString(temp.resolve("auth.json"), EXISTING);
        assertThat(AuthFileWriter.remove(file, "docker.io")).isTrue();
        assertThat(json(file).path("auths").has("https://index.docker.io/v1/")).isFalse();
        assertThat(json(file).path("auths").has("quay.io")).isTrue();
        assertThat(AuthFileWriter.remove(file, "quay.io")).isTrue();
        assertThat(json(file).path("auths").size()).isZero();
        assertThat(json(file).path("psFormat").asText()).isEqualTo("table");
    }

    @Test
    void reportsNothingRemovedForAnAbsentEntryAndLeavesTheFileUntouched() throws IOException {
        Path file = Files.writeString(temp.resolve("auth.json"), EXISTING);
        assertThat(AuthFileWriter.remove(file, "other.example.com")).isFalse();
        assertThat(AuthFileWriter.remove(file, "quay.io/team")).isFalse();
        assertThat(Files.readString(file)).isEqualTo(EXISTING);
        assertThat(AuthFileWriter.remove(temp.resolve("missing.json"), "quay.io")).isFalse();
        assertThat(temp.resolve("missing.json")).doesNotExist();
    }

    @Test
    void removesAllEntriesButKeepsOtherFields() throws IOException {
        Path file = Files.writeString(temp.resolve("auth.json"), EXISTING);
        assertThat(AuthFileWriter.removeAll(file)).isTrue();
        assertThat(json(file).path("auths").size()).isZero();
        assertThat(json(file).path("credHelpers").path("gcr.io").asText()).isEqualTo("gcloud");
    }

    @Test
    void refusesToRewriteAFileThatIsNotJsonAndLeavesItAlone() throws IOException {
        Path file = Files.writeString(temp.resolve("auth.json"), "not json");
        assertThatThrownBy(() -> AuthFileWriter.store(file, "quay.io", new Credentials("a", "secret-pw")))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("secret-pw");
        assertThat(Files.readString(file)).isEqualTo("not json");
    }

    @Test
    void theDefaultPathIsPodmansWritePath() throws IOException {
        assertThat(AuthFileWriter.defaultPath(Map.of("REGISTRY_AUTH_FILE", "/x/auth.json")))
                .isEqualTo(Path.of("/x/auth.json"));
        assertThat(AuthFileWriter.defaultPath(Map.of("XDG_RUNTIME_DIR", temp.toString())))
                .isEqualTo(temp.resolve("containers/auth.json"));
        assertThat(AuthFileWriter.defaultPath(Map.of()).toString()).matches("/run/containers/\\d+/auth\\.json");
        assertThatThrownBy(() -> AuthFileWriter.defaultPath(Map.of("XDG_RUNTIME_DIR", temp.resolve("no").toString())))
                .hasMessageContaining("XDG_RUNTIME_DIR");
    }

    @Test
    void readsBackExactlyTheStoredEntryAndNothingForAMalformedOne() throws IOException {
        Path file = Files.writeString(temp.resolve("auth.json"), EXISTING);
        AuthFileWriter.store(file, "quay.io/team", new Credentials("carol", "p:w"));
        assertThat(AuthFileWriter.stored(file, "quay.io/team")).contains(new Credentials("carol", "p:w"));
        assertThat(AuthFileWriter.stored(file, "quay.io/other")).isEmpty();
        Files.writeString(file, "{\"auths\":{\"a.io\":{\"auth\":\"bm9jb2xvbg==\"},\"b.io\":{\"auth\":\"!!\"}}}");
        assertThat(AuthFileWriter.stored(file, "a.io")).isEmpty();
        assertThat(AuthFileWriter.stored(file, "b.io")).isEmpty();
    }
}
