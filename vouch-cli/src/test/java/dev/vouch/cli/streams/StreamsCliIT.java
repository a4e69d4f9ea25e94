package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.Main;
import dev.vouch.testing.registry.RegistryFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch import}, {@code history} and {@code rollout} on a real registry with skopeo-signed pushes. */
class StreamsCliIT {
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

    static Run vouch(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    String push(String variant, Optional<String> signer) throws Exception {
        return fixture.push(fixture.plain, "cli/app:prod", variant, signer, List.of());
    }

    @Test
    void importHistoryUndoAndResumeOfAFollowedTag() throws Exception {
        Path dir = Files.createTempDirectory(work, "cli");
        Path config = Files.writeString(dir.resolve("vouch.yaml"), "policy: " + fixture.signedByPolicy + "\n"
                + "registriesD: " + fixture.fileRegistriesDirectory + "\n"
                + "tlsVerify: false\n"
                + "state: state.db\n"
                + "streams:\n"
                + "  - name: app\n"
                + "    tags:\n"
                + "      - name: prod\n"
                + "        from: docker://" + fixture.plain.hostPort() + "/cli/app:prod\n");

        String first = push("cli-1", Optional.of(fixture.trustedKey));
        Run accepted = vouch(config, "import", "app:prod");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).startsWith("app:prod: " + first + " ACCEPTED: signed by ").contains("now current");
        assertThat(Files.exists(dir.resolve("state.db"))).isTrue();

        Run unchanged = vouch(config, "import", "app");
        assertThat(unchanged.exitCode()).isZero();
        assertThat(unchanged.out()).contains(first + " unchanged, accepted before");

        String unsigned = push("cli-unsigned", Optional.empty());
        Run rejected = vouch(config, "import", "app:prod");
        assertThat(rejected.exitCode()).as(rejected.out()).isEqualTo(1);
        assertThat(rejected.out()).contains(unsigned + " REJECTED: ").contains("current " + first);

        String second = push("cli-2", Optional.of(fixture.trustedKey));
        assertThat(vouch(config, "import", "app:prod").exitCode()).isZero();

        Run history = vouch(config, "history", "app");
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out()).contains("app:prod  follows docker://").contains("current " + second)
                .containsPattern("\\* \\S+\\s+" + second + "\\s+accepted\\s+" + fixture.trustedKey.substring(0, 8))
                .containsPattern("  \\S+\\s+" + unsigned + "\\s+REJECTED")
                .containsPattern("  \\S+\\s+" + first + "\\s+accepted");

        Run refused = vouch(config, "rollout", "undo", "app:prod", "--to", unsigned);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("vouch: app:prod: " + unsigned
                + " is not an accepted digest in the history of app:prod\n");

        Run undo = vouch(config, "rollout", "undo", "app:prod");
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(undo.out()).startsWith("app:prod: pinned to " + first + " (was " + second + ")");

        String third = push("cli-3", Optional.of(fixture.trustedKey));
        Run pinned = vouch(config, "import", "app:prod");
        assertThat(pinned.exitCode()).isZero();
        assertThat(pinned.out()).contains(third + " ACCEPTED").contains("not current: the tag is pinned to " + first);
        assertThat(vouch(config, "history", "app:prod").out()).contains("current " + first + " (pinned)");

        Run resume = vouch(config, "rollout", "resume", "app:prod");
        assertThat(resume.exitCode()).isZero();
        assertThat(resume.out()).isEqualTo("app:prod: resumed; current " + third + "\n");
    }
}
