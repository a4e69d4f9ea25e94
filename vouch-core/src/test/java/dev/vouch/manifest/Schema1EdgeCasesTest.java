package dev.vouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Corner cases whose expected results were produced by {@code skopeo manifest-digest} 1.9.3. */
class Schema1EdgeCasesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"schemaVersion":2,"schemaVersion":1,"signatures":[]} | sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            {"schemaVersion":1,"signatures":null}                 | sha256:fbf0835aeb9b9ae640a0c8f7cdcc26ac5e6a5cb8c9a476063238b7db7a67566e
            {"schemaVersion":1.0,"signatures":[]}                 | sha256:b42d7e48804b1f46e7d6c809db2911f210781b2b5ab205185c3c39c46d3dd12a
            """)
    void digestsLikeSkopeo(String manifest, String expected) throws Exception {
        assertThat(ManifestDigests.digest(manifest.getBytes(StandardCharsets.UTF_8))).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"SchemaVersion":1,"Signatures":[]}
            {"schemaVersion":1,"signatures":[null]}
            {"schemaVersion":1,"signatures":"x"}
            """)
    void failsWhereSkopeoFails(String manifest) {
        assertThatThrownBy(() -> ManifestDigests.digest(manifest.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class);
    }
}
