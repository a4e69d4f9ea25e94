package dev.vouch.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atomic:} names reach the atomic transport from the CLI (reading such images is tested in vouch-core). */
class VerifyAtomicNamesTest {
    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private String policy() throws IOException {
        return Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"reject\"}]}").toString();
    }

    @Test
    void aDigestReferenceIsRefusedAsContainersImageRefusesIt() throws IOException {
        assertThat(Cli.run("verify", "--policy", policy(), "atomic:registry.example.com/project/stream@" + DIGEST).assertOneLineUserError())
                .contains("expected format: 'hostname/namespace/stream:tag'");
        assertThat(Cli.run("inspect", "atomic:registry.example.com/project/stream@" + DIGEST)
                .assertOneLineUserError()).contains("expected format: 'hostname/namespace/stream:tag'");
    }

    @Test
    void aNameWithoutNamespaceIsRefused() throws IOException {
        assertThat(Cli.run("verify", "--policy", policy(), "atomic:registry.example.com/stream:v1").assertOneLineUserError())
                .contains("atomic: invalid image reference");
    }
}
