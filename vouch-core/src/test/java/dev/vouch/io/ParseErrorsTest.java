package dev.vouch.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

class ParseErrorsTest {

    @Test
    void aJsonErrorDoesNotEchoTheInput() {
        JsonProcessingException error = jsonError("hunter2");
        String message = ParseErrors.describe(error);
        assertThat(message).startsWith("invalid JSON at line 1, column").doesNotContain("hunter2").doesNotContain("\n");
    }

    @Test
    void aYamlErrorIsOneLineWithItsPosition() {
        YamlEngineException error = null;
        try {
            new Load(LoadSettings.builder().build()).loadFromString("docker:\n  quay.io: [unclosed\n");
        } catch (YamlEngineException e) {
            error = e;
        }
        assertThat(error).isNotNull();
        assertThat(ParseErrors.describe(error)).startsWith("invalid YAML at line 3, column 1").doesNotContain("\n");
    }

    private static JsonProcessingException jsonError(String text) {
        try {
            new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            return e;
        }
        throw new AssertionError("expected a JSON error");
    }
}
