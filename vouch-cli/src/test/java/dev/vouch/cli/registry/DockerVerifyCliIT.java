package dev.vouch.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.Main;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.Skopeo.Decision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vouch verify docker://...} with the registry options ({@code --tls-verify}, {@code --creds},
 * {@code --authfile}, {@code --cert-dir}) against real registries, agreeing with {@code skopeo copy}.
 */
class DockerVerifyCliIT {
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

    static Run vouch(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** {@code options} are vouch's; skopeo's are the same with {@code --src-} prefixes. */
    record Row(String name, Function<RegistryFixture, String> image, boolean httpLookaside,
               Function<RegistryFixture, List<String>> options, Decision expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        String creds = RegistryFixture.USER + ":" + RegistryFixture.PASSWORD;
        return Stream.of(
                new Row("signed image by tag is accepted", f -> "docker://" + f.plain.hostPort() + "/signed:v1", false,
                        f -> List.of("--tls-verify=false"), Decision.ACCEPTED),
                new Row("signed image by digest over an http lookaside is accepted", f -> "docker://"
                        + f.plain.hostPort() + "/signed@" + f.digests.get(f.plain.hostPort() + "/signed:v1"), true,
                        f -> List.of("--tls-verify=false"), Decision.ACCEPTED),
                new Row("unsigned image is rejected", f -> "docker://" + f.plain.hostPort() + "/unsigned:v1", true,
                        f -> List.of("--tls-verify=false"), Decision.REJECTED),
                new Row("moved tag is rejected", f -> "docker://" + f.plain.hostPort() + "/moved:v1", false,
                        f -> List.of("--tls-verify=false"), Decision.REJECTED),
                new Row("basic auth with --creds", f -> "docker://" + f.basic.hostPort() + "/basic/app:v1", false,
                        f -> List.of("--tls-verify=false", "--creds", creds), Decision.ACCEPTED),
                new Row("basic auth with --authfile", f -> "docker://" + f.basic.hostPort() + "/basic/app:v1", true,
                        f -> List.of("--tls-verify=false", "--authfile", f.authFile.toString()), Decision.ACCEPTED),
                new Row("TLS with --cert-dir", f -> "docker://" + f.tls.hostPort() + "/tls/app:v1", false,
                        f -> List.of("--cert-dir", f.certDirectory.toString()), Decision.ACCEPTED),
                new Row("token auth with --creds", f -> "docker://" + f.token.hostPort() + "/token/app:v1", false,
                        f -> List.of("--tls-verify=false", "--creds", creds), Decision.ACCEPTED))
                .map(Arguments::of);
    }

    @Test
    void inspectShowsARegistryImagesDigestAndJudgesItsLookasideSignature() {
        String image = "docker://" + fixture.plain.hostPort() + "/signed:v1";
        String digest = fixture.digests.get(fixture.plain.hostPort() + "/signed:v1");
        Run unverified = vouch(List.of("inspect", "--registries.d", fixture.fileRegistriesDirectory.toString(),
                "--tls-verify=false", image));
        assertThat(unverified.exitCode()).as(unverified.err()).isZero();
        assertThat(unverified.out()).contains(digest).contains("1 (simple-signing): unverified");

        Run judged = vouch(List.of("inspect", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", image));
        assertThat(judged.exitCode()).as(judged.err()).isZero();
        assertThat(judged.out()).contains("1 (simple-signing): accepted").contains("policy:      ACCEPTED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void vouchVerifyAgreesWithSkopeo(Row row) throws Exception {
        String image = row.image().apply(fixture);
        Path registriesDirectory = row.httpLookaside() ? fixture.httpRegistriesDirectory
                : fixture.fileRegistriesDirectory;
        List<String> options = row.options().apply(fixture);
        List<String> skopeoOptions = new ArrayList<>();
        for (String option : options) {
            skopeoOptions.add(option.startsWith("--") ? "--src-" + option.substring(2) : option);
        }
        Skopeo.Outcome reference = fixture.skopeo.decide(fixture.signedByPolicy, registriesDirectory, image,
                skopeoOptions, Files.createTempDirectory(work, "copy"));
        assertThat(reference.decision()).as("skopeo: %s", reference.stderr()).isEqualTo(row.expected());

        List<String> args = new ArrayList<>(List.of("verify", "--policy", fixture.signedByPolicy.toString(),
                "--registries.d", registriesDirectory.toString()));
        args.addAll(options);
        args.add(image);
        Run run = vouch(args);
        int expectedExit = row.expected() == Decision.ACCEPTED ? 0 : 1;
        assertThat(run.exitCode()).as("vouch: %s%s", run.out(), run.err()).isEqualTo(expectedExit);
    }

    @Test
    void anUnverifiableRegistryCertificateIsNotAccepted() {
        Run run = vouch(List.of("verify", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "docker://" + fixture.tls.hostPort() + "/tls/app:v1"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isNotZero();
        assertThat(run.out() + run.err()).containsIgnoringCase("certif");
    }

    @Test
    void wrongCredentialsAreNotAcceptedAndThePasswordIsNotPrinted() {
        Run run = vouch(List.of("verify", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", "--creds",
                "tester:not-the-Passw0rd", "docker://" + fixture.basic.hostPort() + "/basic/app:v1"));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.out() + run.err()).contains("401").doesNotContain("not-the-Passw0rd");
    }

    @Test
    void aServerErrorFromTheLookasideRejectsTheImage() {
        fixture.lookasideServer.failWith(500);
        try {
            Run run = vouch(List.of("verify", "--policy", fixture.signedByPolicy.toString(), "--registries.d",
                    fixture.httpRegistriesDirectory.toString(), "--tls-verify=false",
                    "docker://" + fixture.plain.hostPort() + "/signed:v1"));
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("status 500");
        } finally {
            fixture.lookasideServer.failWith(0);
        }
    }
}
