package dev.vouch.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.Skopeo.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/image/build-image}: the OCI layout it writes is a runnable image (its layers unpacked into a root
 * file system, vouch runs there as the unprivileged user and verifies the bundled example), and vouch itself pushes
 * and signs it so that skopeo accepts it under a signedBy policy.
 */
class ContainerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path work;
    static Path layout;
    static String tag;
    static String digest;

    @BeforeAll
    static void build() throws Exception {
        layout = work.resolve("image");
        Result built = run(List.of(ROOT.resolve("deploy/image/build-image").toString(), layout.toString()), 600);
        Assumptions.assumeTrue(built.exitCode != 2 || !built.output.contains("apt-get download"),
                "the Debian packages cannot be fetched here (not root): " + built.output);
        assertThat(built.exitCode).as(built.output).isZero();
        String[] printed = built.output.strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        assertThat(printed[0]).startsWith("oci:" + layout + ":");
        tag = printed[0].substring(("oci:" + layout + ":").length());
        digest = printed[1];
    }

    @Test
    void theLayoutNamesOneManifestWithAnUnprivilegedUserAndThreeLayers() throws Exception {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode entry = index.get("manifests").get(0);
        assertThat(index.get("manifests")).hasSize(1);
        assertThat(entry.get("digest").asText()).isEqualTo(digest);
        assertThat(entry.get("annotations").get("org.opencontainers.image.ref.name").asText()).isEqualTo(tag);
        JsonNode manifest = JSON.readTree(blob(digest));
        assertThat(manifest.get("layers")).hasSize(3);
        JsonNode config = JSON.readTree(blob(manifest.get("config").get("digest").asText()));
        assertThat(config.get("config").get("User").asText()).isEqualTo("65532:65532");
        assertThat(config.get("config").get("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(config.get("rootfs").get("diff_ids")).hasSize(3);
    }

    @Test
    void vouchRunsInTheUnpackedImageAsItsUser() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "unpacking into a root file system and chroot need root");
        Path rootfs = work.resolve("rootfs");
        Files.createDirectories(rootfs);
        JsonNode manifest = JSON.readTree(blob(digest));
        for (JsonNode layer : manifest.get("layers")) {
            String hex = layer.get("digest").asText().substring("sha256:".length());
            assertThat(run(List.of("tar", "-xzf", layout.resolve("blobs/sha256/" + hex).toString(), "-C",
                    rootfs.toString()), 120).exitCode).isZero();
        }
        assertThat(run(List.of("cp", "-r", ROOT.resolve("examples").toString(), rootfs.toString()),
                60).exitCode).isZero();
        // The example policy names its key relative to the working directory, which chroot sets to the new root.
        Files.createDirectories(rootfs.resolve("proc"));
        // The runtime finds its libraries relative to /proc/self/exe, as in every container.
        Result mount = run(List.of("mount", "-t", "proc", "proc", rootfs.resolve("proc").toString()), 30);
        Assumptions.assumeTrue(mount.exitCode == 0, "cannot mount /proc here: " + mount.output);
        try {
            Result version = inImage(rootfs, "--version");
            assertThat(version.exitCode).as(version.output).isZero();
            assertThat(version.output).contains("vouch ");
            Result verify = inImage(rootfs, "verify", "--policy", "/examples/policy.json",
                    "dir:/examples/images/hello");
            assertThat(verify.exitCode).as(verify.output).isZero();
            Result rejected = inImage(rootfs, "verify", "--policy", "/examples/policy.json",
                    "dir:/examples/images/hello-tampered");
            assertThat(rejected.exitCode).as(rejected.output).isEqualTo(1);
        } finally {
            run(List.of("umount", rootfs.resolve("proc").toString()), 30);
        }
    }

    @Test
    void vouchPushesAndSignsItsOwnImageAndSkopeoAcceptsIt() throws Exception {
        try (RegistryFixture fixture = RegistryFixture.start(work.resolve("registries"))) {
            String target = "docker://" + fixture.plain.hostPort() + "/vouch:" + tag;
            CliResult copy = Cli.run(List.of("copy", "--policy", fixture.acceptAnythingPolicy.toString(),
                    "--registries.d", fixture.fileRegistriesDirectory.toString(), "--dest-tls-verify=false",
                    "--sign-by", fixture.trustedKey, "--gpg-home", fixture.gpg.path().toString(),
                    "oci:" + layout + ":" + tag, target));
            assertThat(copy.exitCode()).as(copy.describe()).isZero();
            assertThat(copy.stdout()).contains(digest);
            Skopeo.Outcome outcome = fixture.skopeo.decide(fixture.signedByPolicy, fixture.fileRegistriesDirectory,
                    target, List.of("--src-tls-verify=false"), Files.createTempDirectory(work, "judge"));
            assertThat(outcome.decision()).as(outcome.stderr()).isEqualTo(Decision.ACCEPTED);
            CliResult verify = Cli.run(List.of("verify", "--policy", fixture.signedByPolicy.toString(),
                    "--registries.d", fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", target));
            assertThat(verify.exitCode()).as(verify.describe()).isZero();
        }
    }

    private static Result inImage(Path rootfs, String... vouchArguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("chroot", "--userspec=65532:65532", rootfs.toString(),
                "/opt/java/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", "/app/vouch.jar"));
        command.addAll(List.of(vouchArguments));
        return run(command, 120);
    }

    private static byte[] blob(String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
