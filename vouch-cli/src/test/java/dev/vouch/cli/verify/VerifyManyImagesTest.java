package dev.vouch.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vouch verify IMAGE...} and {@code --images-from FILE}: concurrent, printed in input order. */
class VerifyManyImagesTest {
    private static final Pattern HEADLINE = Pattern.compile("(?m)^(dir:\\S+): (ACCEPTED|REJECTED)$");

    @TempDir
    static Path dir;
    static Path policy;
    static List<Path> signed = new ArrayList<>();
    static Path unsigned;

    @BeforeAll
    static void images() throws IOException {
        policy = Fixtures.signedByPolicy(dir, Fixtures.signerPublicKey());
        for (int i = 0; i < 6; i++) {
            signed.add(Fixtures.signedImage(dir, "signed-" + i));
        }
        unsigned = Fixtures.unsignedImage(dir, "unsigned");
    }

    private static List<String> headlines(String stdout) {
        List<String> found = new ArrayList<>();
        Matcher matcher = HEADLINE.matcher(stdout);
        while (matcher.find()) {
            found.add(matcher.group(1) + " " + matcher.group(2));
        }
        return found;
    }

    @Test
    void severalArgumentsArePrintedInInputOrderAndOneRejectionMakesExitCodeOne() {
        List<Object> args = new ArrayList<>(List.of("verify", "--policy", policy, "--jobs", "3"));
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Path image : signed) {
                args.add("dir:" + image);
                expected.add("dir:" + image + " ACCEPTED");
            }
            args.add("dir:" + unsigned);
            expected.add("dir:" + unsigned + " REJECTED");
        }
        CliResult result = Cli.run(args);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(headlines(result.stdout())).isEqualTo(expected);
    }

    @Test
    void imagesFromAFileSkipBlankLinesAndComments() throws IOException {
        Path list = Files.writeString(dir.resolve("all-signed.txt"), "# images to check\n\n  dir:" + signed.get(0)
                + "  \n   # indented comment\ndir:" + signed.get(1) + "\r\ndir:" + signed.get(2) + "\n");
        CliResult result = Cli.run("verify", "--policy", policy.toString(), "dir:" + signed.get(3), "--images-from", list.toString());
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(headlines(result.stdout())).containsExactly("dir:" + signed.get(3) + " ACCEPTED",
                "dir:" + signed.get(0) + " ACCEPTED", "dir:" + signed.get(1) + " ACCEPTED",
                "dir:" + signed.get(2) + " ACCEPTED");
    }

    @Test
    void anInvalidNameInTheFileIsReportedWithFileAndLineAndTheOthersAreStillVerified() throws IOException {
        Path list = Files.writeString(dir.resolve("invalid.txt"), "dir:" + signed.get(0) + "\n# fine\n"
                + "nosuchtransport:/x\n");
        CliResult result = Cli.run("verify", "--policy", policy.toString(), "--images-from", list.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.assertOneLineUserError()).startsWith("vouch: " + list + ":3: ")
                .contains("nosuchtransport");
        assertThat(headlines(result.stdout())).containsExactly("dir:" + signed.get(0) + " ACCEPTED");
    }

    @Test
    void aMissingImageNamesFileAndLineAndTheOthersAreStillVerified() throws IOException {
        Path list = Files.writeString(dir.resolve("missing.txt"), "dir:" + signed.get(0) + "\ndir:"
                + dir.resolve("no-such-image") + "\n");
        CliResult result = Cli.run("verify", "--policy", policy.toString(), "--images-from", list.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.assertOneLineUserError()).startsWith("vouch: " + list + ":2: ")
                .contains(dir.resolve("no-such-image").toString());
        assertThat(headlines(result.stdout())).containsExactly("dir:" + signed.get(0) + " ACCEPTED");
    }

    @Test
    void anEmptyListOrAnUnreadableFileIsInvalidInput() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");
        assertThat(Cli.run("verify", "--policy", policy.toString(), "--images-from", empty.toString()).assertOneLineUserError())
                .contains(empty + ": lists no image");
        Path missing = dir.resolve("no-such-list.txt");
        assertThat(Cli.run("verify", "--policy", policy.toString(), "--images-from", missing.toString()).assertOneLineUserError())
                .contains(missing.toString());
        assertThat(Cli.run("verify", "--policy", policy.toString()).assertUsageError("vouch verify"))
                .contains("IMAGE");
        assertThat(Cli.run("verify", "--policy", policy.toString(), "--jobs", "0", "dir:" + signed.get(0)).exitCode())
                .isEqualTo(2);
    }

    @Test
    void jsonOutputKeepsInputOrder() {
        CliResult result = Cli.run("verify", "--policy", policy.toString(), "-o", "json", "dir:" + unsigned,
                "dir:" + signed.get(0), "dir:" + signed.get(1));
        assertThat(result.exitCode()).isEqualTo(1);
        String json = result.stdout();
        assertThat(json.indexOf(unsigned.toString())).isLessThan(json.indexOf(signed.get(0).toString()));
        assertThat(json.indexOf(signed.get(0).toString())).isLessThan(json.indexOf(signed.get(1).toString()));
    }
}
