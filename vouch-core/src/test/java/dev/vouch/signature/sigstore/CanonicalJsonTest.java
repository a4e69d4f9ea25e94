package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8785 canonical forms of the JSON a Rekor SET covers. */
class CanonicalJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{ \"b\": 1, \"a\": [true, null, \"x\"] }|{\"a\":[true,null,\"x\"],\"b\":1}",
        "{\"\\u00e9\":1,\"z\":2,\"A\":3}|{\"A\":3,\"z\":2,\"é\":1}",
        "\"tab\\tquote\\\"slash\\/ctl\\u0001 é \\u2028\"|\"tab\\tquote\\\"slash/ctl\\u0001 é \u2028\"",
        "1.0e3|1000",
        "-0|0",
        "1670870899|1670870899"})
    void writesTheCanonicalForm(String json, String canonical) throws Exception {
        byte[] result = CanonicalJson.canonicalize(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "test"));
        assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e21"})
    void rejectsNumbersARekorSetNeverHolds(String json) throws Exception {
        var node = StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "test");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(node)).hasMessageContaining("unsupported number");
    }
}
