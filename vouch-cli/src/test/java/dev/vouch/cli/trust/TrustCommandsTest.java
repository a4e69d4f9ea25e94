package dev.vouch.cli.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch trust set} and {@code vouch trust show} on temporary policy files. */
class TrustCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void setThenShowRoundTrips() {
        Path policy = dir.resolve("policy.json");
        String key = Fixtures.signerPublicKey().toString();

        ok(Cli.run("trust", "set", "--policy", policy.toString(), "-t", "reject", "default"));
        ok(Cli.run("trust", "set", "--policy", policy.toString(), "--type", "signedBy", "--pubkeysfile", key,
                "quay.io/team"));
        ok(Cli.run("trust", "set", "--policypath", policy.toString(), "-t", "accept", "docker.io/library"));
        CliResult show = ok(Cli.run("trust", "show", "--policy", policy.toString()));

        List<String> lines = show.stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("TRANSPORT").contains("NAME", "TYPE", "ID");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("all").contains("* (default)", "reject"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("repository").contains("quay.io/team", "signed",
                key));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("docker.io/library", "accept"));
        assertThat(ok(Cli.run("policy", "check", policy.toString())).stdout()).contains("valid");
    }

    @Test
    void setReplacesOnlyTheScopeAndKeepsEverythingElse() throws IOException {
        Path policy = Fixtures.write(dir.resolve("policy.json"), """
                {
                  "default": [{"type": "reject"}],
                  "transports": {
                    "docker": {
                      "quay.io/keep": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "a2V5",
                                        "signedIdentity": {"type": "remapIdentity", "prefix": "quay.io/keep",
                                                           "signedPrefix": "mirror.example/keep"}}],
                      "quay.io/change": [{"type": "reject"}]
                    },
                    "dir": {"/srv/images": [{"type": "insecureAcceptAnything"}]},
                    "docker-daemon": {"": [{"type": "insecureAcceptAnything"}]}
                  }
                }
                """);
        JsonNode before = JSON.readTree(policy.toFile());

        ok(Cli.run("trust", "set", "--policy", policy.toString(), "-t", "accept", "quay.io/change"));

        JsonNode after = JSON.readTree(policy.toFile());
        assertThat(after.get("default")).isEqualTo(before.get("default"));
        assertThat(after.get("transports").get("dir")).isEqualTo(before.get("transports").get("dir"));
        assertThat(after.get("transports").get("docker-daemon"))
                .isEqualTo(before.get("transports").get("docker-daemon"));
        assertThat(after.get("transports").get("docker").get("quay.io/keep"))
                .isEqualTo(before.get("transports").get("docker").get("quay.io/keep"));
        assertThat(after.get("transports").get("docker").get("quay.io/change"))
                .isEqualTo(JSON.readTree("[{\"type\": \"insecureAcceptAnything\"}]"));
        assertThat(fieldNames(after.get("transports").get("docker"))).containsExactly("quay.io/keep", "quay.io/change");
    }

    @Test
    void setKeepsTheFilePermissions() throws IOException {
        Path policy = Fixtures.write(dir.resolve("policy.json"), "{\"default\": [{\"type\": \"reject\"}]}");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r-----"));

        ok(Cli.run("trust", "set", "--policy", policy.toString(), "-t", "accept", "quay.io/a"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(policy))).isEqualTo("rw-r-----");
    }

    @Test
    void refusedSetLeavesTheFileUntouched() throws IOException {
        String content = "{\"default\": [{\"type\": \"reject\"}]}";
        Path policy = Fixtures.write(dir.resolve("policy.json"), content);

        Cli.run("trust", "set", "--policy", policy.toString(), "-t", "signedBy", "quay.io/a").assertOneLineUserError();
        Cli.run("trust", "set", "--policy", policy.toString(), "-t", "bogus", "quay.io/a").assertOneLineUserError();

        assertThat(Files.readString(policy)).isEqualTo(content);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("policy.json");
        }
    }

    @Test
    void showJsonHasOneObjectPerRequirement() throws IOException {
        Path policy = dir.resolve("policy.json");
        String key = Fixtures.signerPublicKey().toString();
        ok(Cli.run("trust", "set", "--policy", policy.toString(), "-t", "reject", "default"));
        ok(Cli.run("trust", "set", "--policy", policy.toString(), "-t", "signedBy", "-f", key, "-f",
                Fixtures.otherPublicKey().toString(), "quay.io/team"));

        CliResult result = ok(Cli.run("trust", "show", "--policy", policy.toString(), "--json"));

        JsonNode entries = JSON.readTree(result.stdout());
        assertThat(entries.isArray()).isTrue();
        assertThat(entries.size()).isEqualTo(3);
        for (JsonNode entry : entries) {
            assertThat(fieldNames(entry)).containsExactly("transport", "name", "repo_name", "type", "gpg_id",
                    "sigstore_identity");
            assertThat(entry.get("gpg_id").isArray()).isTrue();
        }
        assertThat(entries.get(0).get("transport").asText()).isEqualTo("all");
        assertThat(entries.get(0).get("type").asText()).isEqualTo("reject");
        assertThat(entries.get(1).get("name").asText()).isEqualTo("quay.io/team");
        assertThat(entries.get(1).get("type").asText()).isEqualTo("signed");
        assertThat(entries.get(1).get("gpg_id").get(0).asText()).isEqualTo(key);
    }

    @Test
    void showRawPrintsTheFileAsItIs() {
        String content = "{ \"default\" : [ {\"type\":\"reject\"} ] ,\n\n \"transports\": {} }\n";
        Path policy = Fixtures.write(dir.resolve("policy.json"), content);

        CliResult result = ok(Cli.run("trust", "show", "--policy", policy.toString(), "--raw"));

        assertThat(result.stdout()).isEqualTo(content);
    }

    @Test
    void showNoHeadingOmitsTheHeadings() {
        Path policy = Fixtures.write(dir.resolve("policy.json"), "{\"default\": [{\"type\": \"reject\"}]}");

        CliResult result = ok(Cli.run("trust", "show", "--policy", policy.toString(), "-n"));

        assertThat(result.stdout()).doesNotContain("TRANSPORT").contains("reject");
    }

    private static CliResult ok(CliResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
