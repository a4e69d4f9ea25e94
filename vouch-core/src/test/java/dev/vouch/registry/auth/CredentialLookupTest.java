package dev.vouch.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** containers-auth.json lookup: file order, key specificity, legacy keys, helpers, pull-secret content. */
class CredentialLookupTest {
    static final ImageReference IMAGE = ImageReference.parse("reg.example.com:5000/team/sub/app:v1");

    @TempDir
    Path home;
    Map<String, String> env;

    @BeforeEach
    void environment() {
        env = new HashMap<>(Map.of("PATH", home.resolve("bin").toString()));
    }

    static String auth(String user, String password) {
        return "{\"auth\":\"" + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)) + "\"}";
    }

    Path write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    Optional<String> userFor(ImageReference image, Optional<Path> authFile) throws IOException {
        return CredentialLookup.find(image, authFile, home, env).map(Credentials::username);
    }

    @ParameterizedTest(name = "key {0} gives {1}")
    @CsvSource({
            "reg.example.com:5000/team/sub/app, repo",
            "reg.example.com:5000/team/sub, ns",
            "reg.example.com:5000/team, top",
            "reg.example.com:5000, host",
            "https://reg.example.com:5000/v1/, legacyurl",
            "http://reg.example.com:5000, httpurl",
            "reg.example.com:5000/team/other, none",
            "reg.example.com, none",
            "reg.example.com:5000/team/sub/app/deeper, none"})
    void findsTheEntryForAKeyForm(String key, String expected) throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"" + key + "\":" + auth(expected, "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).isEqualTo(expected.equals("none") ? Optional.empty()
                : Optional.of(expected));
    }

    @Test
    void theMostSpecificKeyWins() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("host", "pw")
                + ",\"reg.example.com:5000/team/sub/app\":" + auth("repo", "pw") + ",\"reg.example.com:5000/team\":"
                + auth("ns", "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("repo");
        assertThat(userFor(ImageReference.parse("reg.example.com:5000/team/x:1"), Optional.empty())).contains("ns");
        assertThat(userFor(ImageReference.parse("reg.example.com:5000/y:1"), Optional.empty())).contains("host");
    }

    @Test
    void filesAreSearchedInTheReferenceOrder() throws IOException {
        env.put("XDG_RUNTIME_DIR", home.resolve("run").toString());
        write(".dockercfg", "{\"reg.example.com:5000\":" + auth("dockercfg", "pw") + "}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("dockercfg");
        write(".docker/config.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("docker", "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("docker");
        write(".config/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("config", "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("config");
        write("run/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("runtime", "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("runtime");
    }

    @Test
    void anEntryWithoutAuthLetsTheSearchGoOn() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":{}}}");
        write(".docker/config.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("docker", "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("docker");
    }

    @Test
    void anExplicitAuthFileIsTheOnlyOneRead() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("config", "pw") + "}}");
        Path explicit = write("explicit.json", "{\"auths\":{}}");
        assertThat(userFor(IMAGE, Optional.of(explicit))).isEmpty();
        env.put("REGISTRY_AUTH_FILE", explicit.toString());
        assertThat(userFor(IMAGE, Optional.empty())).isEmpty();
    }

    @Test
    void pullSecretContentIsAcceptedAsAnAuthFile() throws IOException {
        Path dockerconfigjson = write("secret1.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("k8s", "pw")
                + "}}");
        Path dockercfg = write("secret2.json", "{\"https://reg.example.com:5000\":" + auth("legacy", "pw") + "}");
        assertThat(userFor(IMAGE, Optional.of(dockerconfigjson))).contains("k8s");
        assertThat(userFor(IMAGE, Optional.of(dockercfg))).contains("legacy");
    }

    @Test
    void pullSecretDataIsReadInMemoryInBothFormats() throws IOException {
        byte[] dockerconfigjson = ("{\"auths\":{\"reg.example.com:5000\":" + auth("k8s", "pw") + "}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] dockercfg = ("{\"https://reg.example.com:5000\":" + auth("legacy", "pw") + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(CredentialLookup.findInPullSecret(IMAGE, "secret ns/a", dockerconfigjson, false))
                .contains(new Credentials("k8s", "pw"));
        assertThat(CredentialLookup.findInPullSecret(IMAGE, "secret ns/b", dockercfg, true))
                .contains(new Credentials("legacy", "pw"));
        assertThat(CredentialLookup.findInPullSecret(ImageReference.parse("other.example.com/a:1"), "secret ns/a",
                dockerconfigjson, false)).isEmpty();
    }

    @Test
    void pullSecretNeverRunsACredentialHelper() throws IOException {
        Path marker = home.resolve("helper-ran");
        Path helper = write("bin/docker-credential-evil", "#!/bin/sh\ntouch " + marker + "\necho '{\"Username\":\"x\","
                + "\"Secret\":\"y\"}'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        byte[] content = "{\"credHelpers\":{\"reg.example.com:5000\":\"evil\"},\"credsStore\":\"evil\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(CredentialLookup.findInPullSecret(IMAGE, "secret ns/helper", content, false)).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void malformedPullSecretErrorsNameTheSecretNotItsContent() {
        byte[] notJson = "{\"auths\": hunter2".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CredentialLookup.findInPullSecret(IMAGE, "secret ns/bad", notJson, false))
                .hasMessage("secret ns/bad is not valid JSON");
        byte[] badBase64 = "{\"auths\":{\"reg.example.com:5000\":{\"auth\":\"hunter2!!\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CredentialLookup.findInPullSecret(IMAGE, "secret ns/bad", badBase64, false))
                .hasMessageContaining("secret ns/bad").hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordKeepsItsColonsAndLosesTrailingNulls() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("u", "a:b\u0000")
                + "}}");
        assertThat(CredentialLookup.find(IMAGE, Optional.empty(), home, env)).contains(new Credentials("u", "a:b"));
    }

    @Test
    void malformedFilesAreErrorsNotAnonymousAccess() throws IOException {
        Path notJson = write("bad.json", "{not json");
        assertThatThrownBy(() -> userFor(IMAGE, Optional.of(notJson))).hasMessageContaining("not valid JSON");
        Path badBase64 = write("bad2.json", "{\"auths\":{\"reg.example.com:5000\":{\"auth\":\"%%%\"}}}");
        assertThatThrownBy(() -> userFor(IMAGE, Optional.of(badBase64))).hasMessageContaining("not valid base64");
    }

    @Test
    void anAuthValueWithoutAColonIsSkippedAsTheReferenceDoes() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"reg.example.com:5000\":{\"auth\":\"bm9jb2xvbg==\"}}}");
        write(".docker/config.json", "{\"auths\":{\"reg.example.com:5000\":" + auth("docker", "pw") + "}}");
        assertThat(userFor(IMAGE, Optional.empty())).contains("docker");
    }

    @Test
    void aCredentialHelperIsAskedWithTheRegistryHost() throws IOException {
        Path helper = write("bin/docker-credential-fake", "#!/bin/sh\nread host\n"
                + "echo \"{\\\"ServerURL\\\":\\\"$host\\\",\\\"Username\\\":\\\"from-$host\\\",\\\"Secret\\\":\\\"s\\\"}\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        write(".config/containers/auth.json", "{\"credHelpers\":{\"reg.example.com:5000\":\"fake\"},"
                + "\"auths\":{\"reg.example.com:5000\":" + auth("file", "pw") + "}}");
        assertThat(CredentialLookup.find(IMAGE, Optional.empty(), home, env))
                .contains(new Credentials("from-reg.example.com:5000", "s"));
    }

    @Test
    void aHelperThatHasNoCredentialsMeansNone() throws IOException {
        Path helper = write("bin/docker-credential-empty", "#!/bin/sh\necho 'credentials not found in native keychain'\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        write(".config/containers/auth.json", "{\"credHelpers\":{\"reg.example.com:5000\":\"empty\"}}");
        assertThat(userFor(IMAGE, Optional.empty())).isEmpty();
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(new Credentials("u", "hunter2").toString()).doesNotContain("hunter2");
        assertThat(Credentials.parse("u:p:q")).isEqualTo(new Credentials("u", "p:q"));
        assertThat(Credentials.parse("u")).isEqualTo(new Credentials("u", ""));
    }
}
