package dev.vouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command documents its arguments, and a malformed command line is one line and exit code 2. */
class HelpAndUsageTest {

    /** Each command with the words its help must show (its parameters and options). */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("verify", List.of("IMAGE", "--policy", "--registries.d", "--output")),
                Arguments.of("policy check", List.of("FILE")),
                Arguments.of("trust show", List.of("--policy", "--json", "--raw", "--noheading")),
                Arguments.of("trust set", List.of("SCOPE", "--type", "--pubkeysfile", "--policy")),
                Arguments.of("sign", List.of("IMAGE", "--sign-by", "--sign-identity", "--key-file", "--gpg-home",
                        "--passphrase-file")),
                Arguments.of("standalone-sign", List.of("MANIFEST", "DOCKER-REFERENCE", "KEY-FINGERPRINT", "--output",
                        "--key-file", "--gpg-home", "--passphrase-file")),
                Arguments.of("standalone-verify", List.of("MANIFEST", "DOCKER-REFERENCE", "KEY-FINGERPRINTS",
                        "SIGNATURE", "--public-key-file", "--gpg-home")),
                Arguments.of("set triggers", List.of("KIND/NAME", "--filename", "--recursive", "--from-image",
                        "--from-docker-image", "--containers", "--auto", "--manual", "--remove", "--remove-all")),
                Arguments.of("set", List.of("triggers")),
                Arguments.of("policy", List.of("check")),
                Arguments.of("trust", List.of("show", "set")));
    }

    @ParameterizedTest(name = "vouch {0} --help")
    @MethodSource("commands")
    void helpExitsZeroAndNamesEveryArgument(String command, List<String> words) {
        CliResult result = Cli.run(args(command, "--help"));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).startsWith("Usage: vouch " + command).contains(words);
        assertThat(result.stderr()).isEmpty();
    }

    @ParameterizedTest(name = "vouch {0} --no-such-option")
    @MethodSource("commands")
    void unknownOptionIsOneLineNamingIt(String command, List<String> words) {
        String line = Cli.run(args(command, "--no-such-option")).assertUsageError("vouch " + command);

        assertThat(line).contains("--no-such-option");
    }

    /** Command lines missing a mandatory argument, with the name the message must give. */
    static Stream<Arguments> missingArguments() {
        return Stream.of(
                Arguments.of("verify", "IMAGE"),
                Arguments.of("verify --policy", "--policy"),
                Arguments.of("verify --output", "--output"),
                Arguments.of("trust set", "--type"),
                Arguments.of("trust set -t accept", "SCOPE"),
                Arguments.of("sign dir:/tmp/x", "--sign-by"),
                Arguments.of("sign --sign-by ABC --sign-identity quay.io/a/b:1", "IMAGE"),
                Arguments.of("standalone-sign", "MANIFEST"),
                Arguments.of("standalone-sign m quay.io/a/b:1 FPR", "--output"),
                Arguments.of("standalone-verify m quay.io/a/b:1 FPR", "SIGNATURE"),
                Arguments.of("set triggers --auto", "--filename"));
    }

    @ParameterizedTest(name = "vouch {0}")
    @MethodSource("missingArguments")
    void missingArgumentIsOneLineNamingIt(String commandLine, String missing) {
        String[] args = commandLine.split(" ");
        String command = args[0].equals("trust") || args[0].equals("set") ? args[0] + " " + args[1] : args[0];

        String line = Cli.run(args).assertUsageError("vouch " + command);

        assertThat(line).contains(missing);
    }

    @Test
    void extraPositionalArgumentIsAUsageError() {
        String line = Cli.run("policy", "check", "a.json", "b.json").assertUsageError("vouch policy check");

        assertThat(line).contains("b.json");
    }

    @Test
    void invalidEnumValueListsTheChoices() {
        String line = Cli.run("verify", "--output", "xml", "dir:/tmp/x").assertUsageError("vouch verify");

        assertThat(line).contains("xml", "text", "json");
    }

    @Test
    void unknownCommandIsAUsageError() {
        String line = Cli.run("frobnicate").assertUsageError("vouch");

        assertThat(line).contains("frobnicate");
    }

    @Test
    void noCommandPrintsUsageAndSucceeds() {
        CliResult result = Cli.run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("verify", "policy", "trust", "sign", "standalone-sign",
                "standalone-verify");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionIsPrinted(String flag) {
        CliResult result = Cli.run(flag);

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("vouch ");
    }

    private static String[] args(String command, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(command.split(" ")));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
