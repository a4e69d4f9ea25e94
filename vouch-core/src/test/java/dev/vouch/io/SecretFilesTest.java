package dev.vouch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheWholeContentWithoutSurroundingWhiteSpace() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  s3cr3t-Value\n");
        assertThat(SecretFiles.read("target.credentials.passwordFile", file)).isEqualTo("s3cr3t-Value");
    }

    static Stream<Arguments> invalidContents() {
        return Stream.of(
                Arguments.of("empty", "", "must hold one value"),
                Arguments.of("only white space", " \n\t", "must hold one value"),
                Arguments.of("two words", "s3cr3t other", "must hold one value"),
                Arguments.of("two lines", "s3cr3t\nother", "must hold one value"),
                Arguments.of("control character", "s3cr3t\u0007x", "must hold one value"),
                Arguments.of("too large", "s".repeat(SecretFiles.MAX_BYTES + 1), "must be at most 4096 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidContents")
    void rejectsContentThatIsNotOneValueWithoutShowingIt(String name, String content, String message)
            throws IOException {
        Path file = Files.writeString(dir.resolve("token"), content);
        assertThatThrownBy(() -> SecretFiles.read("serve.notifications.tokenFile", file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("serve.notifications.tokenFile: " + file + ": ")
                .hasMessageContaining(message)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aMissingFileIsNamedWithItsSetting() {
        Path missing = dir.resolve("absent");
        assertThatThrownBy(() -> SecretFiles.read("serve.notifications.tokenFile", missing))
                .isInstanceOf(IOException.class)
                .hasMessage("serve.notifications.tokenFile: " + missing + ": cannot be read (NoSuchFileException)");
    }
}
