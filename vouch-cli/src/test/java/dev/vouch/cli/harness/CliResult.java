package dev.vouch.cli.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/** What one run of vouch produced: exit code, standard output and standard error. */
public record CliResult(int exitCode, String stdout, String stderr) {

    /** The non-empty lines of standard error. */
    public List<String> stderrLines() {
        return Arrays.stream(stderr.split("\n")).filter(line -> !line.isBlank()).toList();
    }

    /** Neither stream shows a Java stack trace or exception class. */
    public CliResult assertNoStackTrace() {
        for (String stream : List.of(stdout, stderr)) {
            assertThat(stream).as(describe()).doesNotContain("at dev.vouch", "at picocli", "\tat ", "Exception",
                    "Caused by");
        }
        return this;
    }

    /** Exit code 2 with exactly one {@code vouch: ...} line on standard error, and no stack trace. */
    public String assertOneLineUserError() {
        assertThat(exitCode).as(describe()).isEqualTo(2);
        assertNoStackTrace();
        assertThat(stderrLines()).as(describe()).hasSize(1);
        assertThat(stderrLines().get(0)).as(describe()).startsWith("vouch: ");
        return stderrLines().get(0);
    }

    /** A command-line mistake: one {@code vouch: ...} line, then the pointer to {@code --help}; exit code 2. */
    public String assertUsageError(String qualifiedCommand) {
        assertThat(exitCode).as(describe()).isEqualTo(2);
        assertNoStackTrace();
        List<String> lines = stderrLines();
        assertThat(lines).as(describe()).hasSize(2);
        assertThat(lines.get(0)).as(describe()).startsWith("vouch: ");
        assertThat(lines.get(1)).as(describe()).isEqualTo("Run '" + qualifiedCommand + " --help' for usage.");
        return lines.get(0);
    }

    public String describe() {
        return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }
}
