package dev.vouch.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stream commands' answers to mistakes: one line, exit code 2, nothing written. */
class StreamsCommandsTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            policy: policy.json
            state: state.db
            streams:
              - name: app
                tags:
                  - name: prod
                    from: docker://registry.example.com/app:prod
            """;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(new String[] {"import", "app:prod", "--config", "missing.yaml"},
                        "vouch: missing.yaml: no such file"),
                Arguments.of(new String[] {"import", "web"}, "vouch: CONFIG: no stream web is defined"),
                Arguments.of(new String[] {"import", "app:test"}, "vouch: CONFIG: no tag app:test is defined"),
                Arguments.of(new String[] {"import", "App"}, "vouch: App: invalid stream name \"App\""),
                Arguments.of(new String[] {"history", "web"}, "vouch: CONFIG: no stream web is defined or recorded"),
                Arguments.of(new String[] {"rollout", "undo", "app"}, "vouch: app: \"app\" names no tag"),
                Arguments.of(new String[] {"rollout", "undo", "app:prod", "--to", "sha256:abc"}, "vouch: --to: "),
                Arguments.of(new String[] {"rollout", "undo", "app:prod"}, "vouch: app:prod: app:prod has no history yet"),
                Arguments.of(new String[] {"rollout", "resume", "app:other"}, "vouch: CONFIG: no tag app:other is defined"),
                Arguments.of(new String[] {"import", "app:prod"}, "vouch: invalid policy in \"DIR/policy.json\": "));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void answersAMistakeWithOneLineAndExitCode2(String[] args, String expected) throws Exception {
        Path config = Files.writeString(dir.resolve("vouch.yaml"), CONFIG);
        String[] all = Stream.concat(Stream.of(args), args[args.length - 2].equals("--config") ? Stream.empty()
                : Stream.of("--config", config.toString())).toArray(String[]::new);
        CliResult result = Cli.run(all);
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr()).startsWith(expected.replace("CONFIG", config.toString())
                .replace("DIR", dir.toString())).hasLineCount(1);
        assertThat(result.stdout()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void reportsEveryProblemOfAnInvalidConfigurationOnOneLine(String yaml, String expected) throws Exception {
        Path config = Files.writeString(dir.resolve("vouch.yaml"), yaml);
        CliResult result = Cli.run("history", "app", "--config", config.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("vouch: " + expected.replace("CONFIG", config.toString()) + "\n");
        assertThat(dir.resolve("state.db")).doesNotExist();
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("state: state.db\nstreams:\n- name: app\n  tags: [{name: p, from: 'docker://h.io/a:p',"
                        + " importInterval: 1s, extra: 1}]\n",
                        "CONFIG: streams[0].tags[0].extra: unknown key; expected one of from, importInterval,"
                                + " name, paused; CONFIG: streams[0].tags[0].importInterval: must be at least 30s,"
                                + " got 1s"));
    }
}
