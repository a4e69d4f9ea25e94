package dev.vouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}  | application/vnd.docker.distribution.manifest.v2+json
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json"} | application/vnd.docker.distribution.manifest.list.v2+json
            {"schemaVersion":1}                                                   | application/vnd.docker.distribution.manifest.v1+json
            {"schemaVersion":1,"signatures":null}                                 | application/vnd.docker.distribution.manifest.v1+json
            {"schemaVersion":1,"signatures":[]}                                   | application/vnd.docker.distribution.manifest.v1+prettyjws
            {"SchemaVersion":1,"Signatures":[]}                                   | application/vnd.docker.distribution.manifest.v1+prettyjws
            {"schemaVersion":2,"schemaVersion":1,"signatures":{}}                 | application/vnd.docker.distribution.manifest.v1+prettyjws
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json"}} | application/vnd.oci.image.manifest.v1+json
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.docker.container.image.v1+json"}} | application/vnd.docker.distribution.manifest.v2+json
            {"schemaVersion":2,"manifests":[{}]}                                  | application/vnd.oci.image.index.v1+json
            {"schemaVersion":2,"config":{"mediaType":"x/y"}}                      | application/vnd.oci.image.manifest.v1+json
            {"schemaVersion":2,"config":{"mediaType":"x/y"},"manifests":[{}]}     | x/y
            {"schemaVersion":3}                                                   | NONE
            {"schemaVersion":"1","signatures":[]}                                 | NONE
            {"schemaVersion":1.0,"signatures":[]}                                 | NONE
            {"schemaVersion":1,"mediaType":5}                                     | NONE
            {"schemaVersion":1} trailing                                          | NONE
            [1]                                                                   | NONE
            not json                                                              | NONE
            """)
    void guessesLikeContainersImage(String manifest, String expected) {
        assertThat(MediaTypes.guess(manifest.getBytes(StandardCharsets.UTF_8)).orElse(null)).isEqualTo(expected);
    }
}
