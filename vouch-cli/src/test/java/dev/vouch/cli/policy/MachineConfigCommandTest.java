package dev.vouch.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class MachineConfigCommandTest {
    private static final Path POLICY = Path.of("..", "examples", "policy.json").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    @SuppressWarnings("unchecked")
    void carriesThePolicyAndRegistriesDFilesByteForByteForTheRole() throws Exception {
        Path registries = Files.createDirectories(temp.resolve("registries.d"));
        String yaml = "docker:\n  quay.io:\n    lookaside: https://sigs.example.com/\n";
        Files.writeString(registries.resolve("quay.yaml"), yaml);
        CliResult result = Cli.run("policy", "machineconfig", "--role", "master", "--policy", POLICY.toString(),
                "--registries.d", registries.toString());
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Map<String, Object> document = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(result.stdout());
        assertThat(document.get("kind")).isEqualTo("MachineConfig");
        Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
        assertThat(metadata.get("name")).isEqualTo("51-master-vouch-image-policy");
        assertThat((Map<String, Object>) metadata.get("labels"))
                .containsEntry("machineconfiguration.openshift.io/role", "master");
        Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) document.get("spec")).get("config");
        List<Map<String, Object>> files = (List<Map<String, Object>>) ((Map<String, Object>) config.get("storage"))
                .get("files");
        assertThat(files).extracting(f -> f.get("path"))
                .containsExactly("/etc/containers/policy.json", "/etc/containers/registries.d/quay.yaml");
        assertThat(decode(files.get(0))).isEqualTo(Files.readAllBytes(POLICY));
        assertThat(new String(decode(files.get(1)), StandardCharsets.UTF_8)).isEqualTo(yaml);
        assertThat(result.stderr()).contains("examples/keys/example.pub.asc");
    }

    @Test
    void refusesAnInvalidPolicy() throws Exception {
        Path invalid = Files.writeString(temp.resolve("policy.json"), "{\"default\":[]}");
        CliResult result = Cli.run("policy", "machineconfig", "--role", "worker", "--policy", invalid.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.assertOneLineUserError()).contains("policy.json");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void refusesAnUnknownRole() {
        CliResult result = Cli.run("policy", "machineconfig", "--role", "infra", "--policy", POLICY.toString());
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    private static byte[] decode(Map<String, Object> file) {
        String source = (String) ((Map<String, Object>) file.get("contents")).get("source");
        String prefix = "data:text/plain;charset=utf-8;base64,";
        assertThat(source).startsWith(prefix);
        return Base64.getDecoder().decode(source.substring(prefix.length()));
    }
}
