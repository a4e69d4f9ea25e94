package dev.vouch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

    @Test
    void computesSha256OfContent() {
        Digest digest = Digest.sha256("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(digest.toString())
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(digest.matches("abc".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(digest.matches("abd".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void roundTripsEverySupportedAlgorithm() {
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            Digest digest = Digest.of(algorithm, new byte[] {1, 2, 3});
            assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
            assertThat(digest.encoded()).hasSize(algorithm.hexLength());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", ":abc", "SHA256:abc", "sha256:xyz", "md5:d41d8cd98f00b204e9800998ecf8427e",
            "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
            "sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})
    void rejectsMalformedOrUnsupportedDigests(String value) {
        assertThatThrownBy(() -> Digest.parse(value)).isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("digest");
    }
}
