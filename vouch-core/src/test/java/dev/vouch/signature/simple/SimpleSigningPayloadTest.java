package dev.vouch.signature.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict payload parser: one valid document, and many ways to break it. */
class SimpleSigningPayloadTest {

    static final String VALID = "{\"critical\":{\"identity\":{\"docker-reference\":\"example.com/ns/app:v1\"},"
            + "\"image\":{\"docker-manifest-digest\":\"sha256:abc\"},\"type\":\"atomic container signature\"},"
            + "\"optional\":{\"creator\":\"someone\",\"timestamp\":1483228800}}";

    static SimpleSigningPayload parse(String json) throws InvalidSignatureException {
        return SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheValidDocument() throws Exception {
        assertThat(parse(VALID)).isEqualTo(new SimpleSigningPayload("sha256:abc", "example.com/ns/app:v1",
                Optional.of("someone"), Optional.of(1483228800L)));
    }

    @Test
    void writesExactlyWhatSkopeoWrites() {
        SimpleSigningPayload payload = new SimpleSigningPayload("sha256:abc", "example.com/ns/app:v1",
                Optional.of("someone"), Optional.of(1483228800L));

        assertThat(new String(payload.toJson(), StandardCharsets.UTF_8)).isEqualTo(VALID);
    }

    @Test
    void escapesHtmlCharactersLikeGo() {
        SimpleSigningPayload payload = new SimpleSigningPayload("d", "r", Optional.of("a<b>&\"\\\n\u0001\u2028"),
                Optional.empty());

        assertThat(new String(payload.toJson(), StandardCharsets.UTF_8)).endsWith(
                "\"optional\":{\"creator\":\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\u2028\"}}");
    }

    @Test
    void roundTripsWithoutOptionalMembers() throws Exception {
        SimpleSigningPayload payload = new SimpleSigningPayload("d", "r", Optional.empty(), Optional.empty());

        assertThat(SimpleSigningPayload.parse(payload.toJson())).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"critical\":{\"type\":\"atomic container signature\",\"image\":{\"docker-manifest-digest\":\"d\"},"
            + "\"identity\":{\"docker-reference\":\"r\"}},\"optional\":{\"unknown\":[1,{\"x\":null}]}}",
        "{\"critical\":{\"type\":\"atomic container signature\",\"image\":{\"docker-manifest-digest\":\"d\"},"
            + "\"identity\":{\"docker-reference\":\"r\"}},\"optional\":{\"timestamp\":1.0e3}}",
        "  {\"optional\":{},\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"type\":\"atomic container "
            + "signature\",\"image\":{\"docker-manifest-digest\":\"d\"}}}\n",
    })
    void acceptsVariationsContainersImageAccepts(String json) throws Exception {
        assertThat(parse(json).dockerReference()).isEqualTo("r");
    }

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                broken("not JSON", "this is not json", "not valid JSON"),
                broken("empty", "", "is empty"),
                broken("top level array", "[]", "the payload is not a JSON object"),
                broken("top level null", "null", "the payload is not a JSON object"),
                broken("top level string", "\"x\"", "the payload is not a JSON object"),
                broken("unknown top-level member", VALID.substring(0, VALID.length() - 1) + ",\"extra\":1}",
                        "unknown member \"extra\""),
                broken("missing optional", VALID.replaceAll(",\"optional\":\\{.*\\}}$", "}"), "no member \"optional\""),
                broken("missing critical", "{\"optional\":{}}", "no member \"critical\""),
                broken("duplicate top-level member", VALID.replace("{\"critical\"", "{\"optional\":{},\"critical\""),
                        "Duplicate field 'optional'"),
                broken("duplicate member in optional", VALID.replace("\"creator\"", "\"creator\":\"a\",\"creator\""),
                        "Duplicate field 'creator'"),
                broken("duplicate member in identity", VALID.replace("{\"docker-reference\"",
                        "{\"docker-reference\":\"a\",\"docker-reference\""), "Duplicate field 'docker-reference'"),
                broken("critical not an object", "{\"critical\":[],\"optional\":{}}", "critical is not a JSON object"),
                broken("optional not an object", VALID.replaceAll("\"optional\":\\{.*\\}}$", "\"optional\":1}"),
                        "optional is not a JSON object"),
                broken("unknown member in critical", VALID.replace("\"type\":", "\"extra\":{},\"type\":"),
                        "critical has an unknown member \"extra\""),
                broken("missing type", VALID.replace(",\"type\":\"atomic container signature\"", ""),
                        "critical has no member \"type\""),
                broken("missing image", VALID.replace("\"image\":{\"docker-manifest-digest\":\"sha256:abc\"},", ""),
                        "critical has no member \"image\""),
                broken("missing identity", VALID.replace("\"identity\":{\"docker-reference\":\"example.com/ns/app:v1\"},",
                        ""), "critical has no member \"identity\""),
                broken("wrong type", VALID.replace("atomic container signature", "cosign container image signature"),
                        "unrecognized signature type"),
                broken("type in other case", VALID.replace("atomic container signature", "Atomic container signature"),
                        "unrecognized signature type"),
                broken("type not a string", VALID.replace("\"atomic container signature\"", "1"),
                        "critical.type is not a string"),
                broken("type null", VALID.replace("\"atomic container signature\"", "null"),
                        "critical.type is not a string"),
                broken("image not an object", VALID.replace("{\"docker-manifest-digest\":\"sha256:abc\"}", "\"x\""),
                        "critical.image is not a JSON object"),
                broken("unknown member in image", VALID.replace("\"docker-manifest-digest\":\"sha256:abc\"",
                        "\"docker-manifest-digest\":\"sha256:abc\",\"size\":1"), "critical.image has an unknown member"),
                broken("digest missing", VALID.replace("\"docker-manifest-digest\":\"sha256:abc\"", ""),
                        "critical.image has no member \"docker-manifest-digest\""),
                broken("digest not a string", VALID.replace("\"sha256:abc\"", "42"),
                        "docker-manifest-digest is not a string"),
                broken("identity not an object", VALID.replace("{\"docker-reference\":\"example.com/ns/app:v1\"}",
                        "[]"), "critical.identity is not a JSON object"),
                broken("unknown member in identity", VALID.replace("\"docker-reference\":",
                        "\"docker-tag\":\"x\",\"docker-reference\":"), "critical.identity has an unknown member"),
                broken("reference not a string", VALID.replace("\"example.com/ns/app:v1\"", "{}"),
                        "docker-reference is not a string"),
                broken("creator not a string", VALID.replace("\"someone\"", "7"), "optional.creator is not a string"),
                broken("creator null", VALID.replace("\"someone\"", "null"), "optional.creator is not a string"),
                broken("timestamp a string", VALID.replace("1483228800", "\"1483228800\""),
                        "optional.timestamp is not a number"),
                broken("timestamp fractional", VALID.replace("1483228800", "1483228800.5"),
                        "optional.timestamp is not an integer"),
                broken("timestamp beyond int64", VALID.replace("1483228800", "1e30"),
                        "optional.timestamp is not an integer"),
                broken("trailing data", VALID + "{}", "not valid JSON"),
                broken("trailing garbage", VALID + "x", "not valid JSON"),
                broken("single quotes", VALID.replace("\"optional\"", "'optional'"), "not valid JSON"),
                broken("comment", "/* c */" + VALID, "not valid JSON"));
    }

    static Arguments broken(String name, String json, String reason) {
        return Arguments.of(name, json, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void rejectsBrokenDocument(String name, String json, String reason) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("invalid signature payload: ").hasMessageContaining(reason);
    }
}
