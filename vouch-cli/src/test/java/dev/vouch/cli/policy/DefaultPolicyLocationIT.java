package dev.vouch.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import dev.vouch.testing.GpgHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code --policy}, commands use {@code $HOME/.config/containers/policy.json} when it exists, else
 * {@code /etc/containers/policy.json}. {@code PolicyFiles} reads the {@code HOME} environment variable, which a test
 * cannot change in its own process, so these run the packaged command with a temporary {@code HOME}.
 */
class DefaultPolicyLocationIT {

    @TempDir
    Path home;

    @Test
    void userPolicyUnderHomeIsChecked() {
        Path policy = userPolicy();

        CliResult result = vouch("policy", "check");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(policy + ": valid\n");
    }

    @Test
    void userPolicyUnderHomeDecidesVerify() {
        userPolicy();
        Path image = Fixtures.signedImage(home, "image");

        CliResult result = vouch("verify", "dir:" + image);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("ACCEPTED", "transports.dir");
    }

    @Test
    void trustSetEditsTheUserPolicyUnderHome() throws IOException {
        Path policy = userPolicy();

        CliResult result = vouch("trust", "set", "-t", "accept", "quay.io/team");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(Files.readString(policy)).contains("quay.io/team");
        assertThat(vouch("trust", "show").stdout()).contains("quay.io/team");
    }

    @Test
    void withoutAUserPolicyTheSystemPolicyIsUsed() {
        CliResult result = vouch("policy", "check");

        assertThat(result.stdout() + result.stderr()).contains("/etc/containers/policy.json");
        assertThat(result.stdout() + result.stderr()).doesNotContain(home.toString());
    }

    private Path userPolicy() {
        return Fixtures.signedByPolicy(home.resolve(".config/containers"), Fixtures.signerPublicKey());
    }

    private CliResult vouch(String... args) {
        String jar = System.getProperty("vouch.jar");
        assertThat(jar).as("the vouch.jar system property (set by Failsafe)").isNotNull();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar));
        command.addAll(List.of(args));
        GpgHome.Result result = GpgHome.Processes.run(command, Map.of("HOME", home.toString()), null);
        return new CliResult(result.exitCode(), result.stdoutText(), result.stderr());
    }
}
