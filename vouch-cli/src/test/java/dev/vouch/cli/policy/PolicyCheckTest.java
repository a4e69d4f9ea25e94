package dev.vouch.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch policy check}: valid files pass; an invalid one lists every problem with its JSON path. */
class PolicyCheckTest {

    @TempDir
    Path dir;

    @Test
    void validPolicyExitsZeroAndSaysValid() {
        Path policy = Fixtures.signedByPolicy(dir, Fixtures.signerPublicKey());

        CliResult result = Cli.run("policy", "check", policy.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(policy + ": valid\n");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void everyProblemIsListedWithItsJsonPath() {
        Path policy = Fixtures.write(dir.resolve("several.json"), """
                {
                  "default": [{"type": "signedBy", "keyType": "GPGKeys"}],
                  "transports": {
                    "docker": {
                      "quay.io/a": [{"type": "nonsense"}],
                      "quay.io/b": [{"type": "reject", "extra": 1}],
                      "quay.io/c": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k",
                                     "signedIdentity": {"type": "exactReference"}}]
                    },
                    "dir": {"": []}
                  },
                  "unknownTop": true
                }
                """);

        CliResult result = Cli.run("policy", "check", policy.toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).allSatisfy(line -> assertThat(line).startsWith(policy + ": "));
        assertThat(result.stderr())
                .contains(policy + ": unknownTop: ")
                .contains(policy + ": default[0]: ")
                .contains(policy + ": transports.docker[\"quay.io/a\"][0].type: ", "nonsense")
                .contains(policy + ": transports.docker[\"quay.io/b\"][0].extra: ")
                .contains(policy + ": transports.docker[\"quay.io/c\"][0].signedIdentity")
                .contains(policy + ": transports.dir[\"\"]: ");
        int problems = result.stderrLines().size() - 1;
        assertThat(problems).isGreaterThanOrEqualTo(6);
        assertThat(result.stderrLines().get(problems)).isEqualTo(policy + ": invalid, " + problems + " problems");
        result.assertNoStackTrace();
    }

    @Test
    void oneProblemIsCountedInTheSingular() {
        Path policy = Fixtures.write(dir.resolve("one.json"), "{\"default\": []}");

        CliResult result = Cli.run("policy", "check", policy.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderrLines()).hasSize(2);
        assertThat(result.stderrLines().get(0)).startsWith(policy + ": default");
        assertThat(result.stderrLines().get(1)).isEqualTo(policy + ": invalid, 1 problem");
    }

    @Test
    void invalidJsonIsOneProblemWithItsPosition() {
        Path policy = Fixtures.write(dir.resolve("broken.json"), "{\n  \"default\": [\n");

        CliResult result = Cli.run("policy", "check", policy.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderrLines().get(0)).contains("line").contains(policy.toString());
        result.assertNoStackTrace();
    }

    @Test
    void directoryInsteadOfFileIsAUserError() {
        String line = Cli.run("policy", "check", dir.toString()).assertOneLineUserError();

        assertThat(line).contains(dir.toString());
    }
}
