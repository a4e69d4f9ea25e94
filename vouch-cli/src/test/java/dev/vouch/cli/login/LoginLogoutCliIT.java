package dev.vouch.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.testing.registry.RegistryFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch login} and {@code vouch logout} against real registries (htpasswd and token auth). */
class LoginLogoutCliIT {
    private static final String OTHER_ENTRY = "{\"auths\":{\"quay.io\":{\"auth\":\"cTp4\"}},\"psFormat\":\"table\"}";

    @TempDir
    static Path work;
    static RegistryFixture fixture;

    @TempDir
    Path temp;

    @BeforeAll
    static void startRegistries() throws Exception {
        fixture = RegistryFixture.start(work);
    }

    @AfterAll
    static void stopRegistries() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Runs vouch with {@code stdin} as standard input. */
    private static CliResult withStdin(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.run(args);
        } finally {
            System.setIn(original);
        }
    }

    private static CliResult login(Path authFile, String registry, String password) {
        return withStdin(password + "\n", "login", "--authfile", authFile.toString(), "--tls-verify=false",
                "--username", RegistryFixture.USER, "--password-stdin", registry);
    }

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodPasswordIsStoredPrivatelyBesideTheOtherEntriesAndVerifyUsesIt() throws Exception {
        Path authFile = Files.writeString(temp.resolve("auth.json"), OTHER_ENTRY);
        String registry = fixture.basic.hostPort();

        CliResult result = login(authFile, registry, RegistryFixture.PASSWORD);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("Login Succeeded!");
        assertThat(result.stdout() + result.stderr()).doesNotContain(RegistryFixture.PASSWORD);
        JsonNode root = new ObjectMapper().readTree(authFile.toFile());
        assertThat(root.path("auths").path(registry).path("auth").asText())
                .isEqualTo(auth(RegistryFixture.USER, RegistryFixture.PASSWORD));
        assertThat(root.path("auths").path("quay.io").path("auth").asText()).isEqualTo("cTp4");
        assertThat(root.path("psFormat").asText()).isEqualTo("table");
        assertThat(Files.getPosixFilePermissions(authFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        CliResult verify = Cli.run("verify", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", "--authfile", authFile.toString(),
                "docker://" + registry + "/basic/app:v1");
        assertThat(verify.exitCode()).as(verify.describe()).isZero();

        CliResult inspect = Cli.run("inspect", "-o", "json", "--policy", fixture.signedByPolicy.toString(),
                "--registries.d", fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", "--authfile",
                authFile.toString(), "docker://" + registry + "/basic/app:v1");
        assertThat(inspect.exitCode()).as(inspect.describe()).isZero();
        JsonNode signature = new ObjectMapper().readTree(inspect.stdout()).get("signatures").get(0);
        assertThat(signature.get("status").asText()).isEqualTo("accepted");
        String digest = fixture.digests.get(registry + "/basic/app:v1");
        assertThat(signature.get("origin").asText()).startsWith("file:")
                .endsWith("/basic/app@" + digest.replace(':', '=') + "/signature-1");
    }

    @Test
    void aBadPasswordIsRefusedAndNothingIsWritten() throws Exception {
        Path authFile = Files.writeString(temp.resolve("auth.json"), OTHER_ENTRY);
        Path missing = temp.resolve("new/auth.json");
        for (String registry : List.of(fixture.basic.hostPort(), fixture.token.hostPort())) {
            CliResult result = login(authFile, registry, "wrong-password");
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
            result.assertOneLineUserError();
            assertThat(result.stderr()).contains("invalid username/password").doesNotContain("wrong-password");
            assertThat(Files.readString(authFile)).isEqualTo(OTHER_ENTRY);
            assertThat(login(missing, registry, "wrong-password").exitCode()).isEqualTo(2);
            assertThat(missing.getParent()).doesNotExist();
        }
    }

    @Test
    void aTokenAuthRegistryAcceptsTheRightPasswordForANamespace() throws Exception {
        Path authFile = temp.resolve("run/containers/auth.json");
        String key = fixture.token.hostPort() + "/token";
        CliResult result = login(authFile, key, RegistryFixture.PASSWORD);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(new ObjectMapper().readTree(authFile.toFile()).path("auths").path(key).path("auth").asText())
                .isEqualTo(auth(RegistryFixture.USER, RegistryFixture.PASSWORD));
        assertThat(Files.getPosixFilePermissions(authFile.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void loggingInAgainWithoutAUserKeepsStoredCredentialsThatStillWork() throws Exception {
        Path authFile = Files.writeString(temp.resolve("auth.json"), OTHER_ENTRY);
        String registry = fixture.basic.hostPort();
        assertThat(login(authFile, registry, RegistryFixture.PASSWORD).exitCode()).isZero();
        String written = Files.readString(authFile);

        CliResult again = Cli.run("login", "--authfile", authFile.toString(), "--tls-verify=false", registry);

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.stdout()).contains("Already logged in to " + registry)
                .doesNotContain(RegistryFixture.PASSWORD);
        assertThat(Files.readString(authFile)).isEqualTo(written);
    }

    @Test
    void aPasswordGivenAsAnArgumentIsRefusedWithoutBeingEchoed() {
        CliResult result = Cli.run("login", "--authfile", temp.resolve("auth.json").toString(), "--username",
                RegistryFixture.USER, "-p", "argument-secret", fixture.basic.hostPort());
        result.assertOneLineUserError();
        assertThat(result.stderr()).contains("--password-stdin").doesNotContain("argument-secret");
        assertThat(temp.resolve("auth.json")).doesNotExist();
    }

    @Test
    void logoutRemovesTheEntryThenSaysItIsNotLoggedIn() throws Exception {
        Path authFile = Files.writeString(temp.resolve("auth.json"), OTHER_ENTRY);
        String registry = fixture.basic.hostPort();
        assertThat(login(authFile, registry, RegistryFixture.PASSWORD).exitCode()).isZero();

        CliResult logout = Cli.run("logout", "--authfile", authFile.toString(), registry);
        assertThat(logout.exitCode()).as(logout.describe()).isZero();
        assertThat(logout.stdout()).contains("Removed login credentials for " + registry);
        JsonNode root = new ObjectMapper().readTree(authFile.toFile());
        assertThat(root.path("auths").has(registry)).isFalse();
        assertThat(root.path("auths").has("quay.io")).isTrue();

        CliResult again = Cli.run("logout", "--authfile", authFile.toString(), registry);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stderr()).contains("not logged into " + registry);

        CliResult verify = Cli.run("verify", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", "--authfile", authFile.toString(),
                "docker://" + registry + "/basic/app:v1");
        assertThat(verify.exitCode()).as(verify.describe()).isEqualTo(2);
    }

    @Test
    void logoutAllRemovesEveryEntry() throws Exception {
        Path authFile = Files.writeString(temp.resolve("auth.json"), OTHER_ENTRY);
        List<String> args = new ArrayList<>(List.of("logout", "--authfile", authFile.toString(), "--all"));
        CliResult result = Cli.run(args);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(new ObjectMapper().readTree(authFile.toFile()).path("auths").size()).isZero();
    }
}
