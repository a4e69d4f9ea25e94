package dev.vouch.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void writesOneJsonObjectPerLineWithEscapedValues() {
        StringWriter out = new StringWriter();
        JsonLog log = new JsonLog(out, CLOCK, JsonLog.Level.INFO);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("stream", "web");
        fields.put("reason", "line one\n\"quoted\"");
        fields.put("signatures", 2);
        fields.put("pinned", true);
        log.info("import.rejected", fields);
        log.debug("poll.unchanged", Map.of("stream", "web"));

        assertThat(out.toString()).isEqualTo("{\"time\":\"2026-11-27T02:00:00Z\",\"level\":\"info\","
                + "\"event\":\"import.rejected\",\"stream\":\"web\",\"reason\":\"line one\\n\\\"quoted\\\"\","
                + "\"signatures\":2,\"pinned\":true}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "token", "notification_token", "secret", "signing.key", "auth",
        "credentials", "PASSPHRASE", "private_key"})
    void refusesFieldsNamedLikeSecrets(String name) {
        JsonLog log = new JsonLog(new StringWriter(), CLOCK, JsonLog.Level.DEBUG);
        assertThatThrownBy(() -> log.info("x", Map.of(name, "v"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keyring_fingerprint", "tokens_reused", "stream", "keyPath_count", "author"})
    void allowsOrdinaryFieldNames(String name) {
        StringWriter out = new StringWriter();
        new JsonLog(out, CLOCK, JsonLog.Level.DEBUG).info("x", Map.of(name, "v"));
        assertThat(out.toString()).contains("\"" + name + "\":\"v\"");
    }
}
