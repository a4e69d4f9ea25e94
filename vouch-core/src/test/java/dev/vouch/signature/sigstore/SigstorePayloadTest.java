package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigstorePayloadTest {
    private static final String DIGEST = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";
    private static final String VALID = "{\"critical\":{\"identity\":{\"docker-reference\":\"example.com/repo\"},"
            + "\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},\"type\":\"cosign container image signature\"},"
            + "\"optional\":{\"creator\":\"me\",\"timestamp\":1657296609,\"anything\":[1,2]}}";

    @Test
    void readsAValidPayloadIgnoringUnknownOptionalMembers() throws Exception {
        SigstorePayload payload = SigstorePayload.parse(VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(payload).isEqualTo(new SigstorePayload(DIGEST, "example.com/repo", Optional.of("me"),
                Optional.of(1657296609L)));
    }

    @Test
    void acceptsNullOptionalAsCosignWritesIt() throws Exception {
        SigstorePayload payload = SigstorePayload.parse(SigstoreFixtures.bytes("rekor-payload"));
        assertThat(payload.dockerReference()).isEqualTo("192.168.64.2:5000/test-repo-2100826901021538654/alpine");
        assertThat(payload.creator()).isEmpty();
        assertThat(payload.timestamp()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown member in critical|\"type\":|\"extra\":1,\"type\":|unknown member \"extra\"",
        "unknown top-level member|{\"critical\"|{\"x\":1,\"critical\"|unknown member \"x\"",
        "duplicate member|\"type\":|\"type\":\"a\",\"type\":|not valid JSON",
        "wrong type|cosign container image signature|atomic container signature|unrecognized signature type",
        "invalid digest|sha256:634a|sha256:XYZ|invalid docker-manifest-digest",
        "unknown member in image|\"docker-manifest-digest\"|\"x\":1,\"docker-manifest-digest\"|unknown member",
        "unknown member in identity|{\"docker-reference\"|{\"x\":1,\"docker-reference\"|unknown member",
        "non-string reference|\"example.com/repo\"|5|is not a string",
        "fractional timestamp|1657296609|1657296609.5|not an integer",
        "non-string creator|\"me\"|7|optional.creator is not a string",
        "optional not an object|{\"creator\":\"me\",\"timestamp\":1657296609,\"anything\":[1,2]}|[]|optional is not",
        "trailing data|[1,2]}}|[1,2]}}{}|not valid JSON"})
    void rejectsMalformedPayloads(String change, String from, String to, String message) {
        byte[] json = VALID.replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertThat(VALID).contains(from);
        assertThatThrownBy(() -> SigstorePayload.parse(json)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("invalid sigstore payload").hasMessageContaining(message);
    }

    @Test
    void rejectsAPayloadWithoutOptional() {
        String json = VALID.substring(0, VALID.indexOf(",\"optional\"")) + "}";
        assertThatThrownBy(() -> SigstorePayload.parse(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no member \"optional\"");
    }

    @Test
    void rejectsAnOversizedPayload() {
        assertThatThrownBy(() -> SigstorePayload.parse(new byte[SigstoreLimits.MAX_PAYLOAD_BYTES + 1]))
                .hasMessageContaining("larger than");
    }
}
