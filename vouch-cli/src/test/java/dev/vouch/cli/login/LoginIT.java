package dev.vouch.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.Main;
import dev.vouch.testing.registry.RegistryFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch login} / {@code logout} against real registries with basic and token authentication. */
class LoginIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;

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

    record Run(int exitCode, String out, String err) {
    }

    private static Run vouch(String stdin, List<String> args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void aGoodPasswordIsStoredPrivatelyBesideOtherEntriesAndThenUsedByVerify() throws Exception {
        Path authFile = work.resolve("auth/good.json");
        Files.createDirectories(authFile.getParent());
        Files.writeString(authFile, "{\"auths\":{\"other.example\":{\"auth\":\"eDp5\"}},\"credHelpers\":{}}");
        String registry = fixture.basic.hostPort();
        Run login = vouch(RegistryFixture.PASSWORD + "\n", List.of("login", "--authfile", authFile.toString(),
                "--tls-verify=false", "-u", RegistryFixture.USER, "--password-stdin", registry));
        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out()).contains("Login Succeeded");
        assertThat(login.out() + login.err()).doesNotContain(RegistryFixture.PASSWORD);
        String stored = Files.readString(authFile);
        assertThat(stored).contains("other.example").contains("credHelpers").contains(registry);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile))).isEqualTo("rw-------");

        Run verify = vouch("", List.of("verify", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", "--authfile", authFile.toString(),
                "docker://" + registry + "/basic/app:v1"));
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        Run logout = vouch("", List.of("logout", "--authfile", authFile.toString(), registry));
        assertThat(logout.exitCode()).isZero();
        assertThat(Files.readString(authFile)).doesNotContain(registry).contains("other.example");
        Run again = vouch("", List.of("logout", "--authfile", authFile.toString(), registry));
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("not logged into " + registry);
    }

    @Test
    void aWrongPasswordWritesNothing() {
        Path authFile = work.resolve("auth/bad.json");
        Run login = vouch("wrong-password\n", List.of("login", "--authfile", authFile.toString(), "--tls-verify=false",
                "-u", RegistryFixture.USER, "--password-stdin", fixture.basic.hostPort()));
        assertThat(login.exitCode()).isEqualTo(2);
        assertThat(login.err()).contains("logging in to").doesNotContain("wrong-password");
        assertThat(authFile).doesNotExist();
    }

    @Test
    void tokenRegistriesCheckTheCredentialsAtTheirTokenServer() {
        Path authFile = work.resolve("auth/token.json");
        Run good = vouch(RegistryFixture.PASSWORD + "\n", List.of("login", "--authfile", authFile.toString(),
                "--tls-verify=false", "-u", RegistryFixture.USER, "--password-stdin", fixture.token.hostPort()));
        assertThat(good.exitCode()).as(good.err()).isZero();
        Path badFile = work.resolve("auth/token-bad.json");
        Run bad = vouch("nope\n", List.of("login", "--authfile", badFile.toString(), "--tls-verify=false",
                "-u", RegistryFixture.USER, "--password-stdin", fixture.token.hostPort()));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(badFile).doesNotExist();
    }
}
