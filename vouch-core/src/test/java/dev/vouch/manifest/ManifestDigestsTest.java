package dev.vouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.reference.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestDigestsTest {

    static byte[] resource(String path) throws IOException {
        try (InputStream in = ManifestDigestsTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    /** Lines of manifest/skopeo-digests.txt: a fixture and the digest {@code skopeo manifest-digest} printed for it. */
    static Stream<Arguments> skopeoDigests() throws IOException {
        String table = new String(resource("manifest/skopeo-digests.txt"), StandardCharsets.UTF_8);
        return table.lines().map(line -> line.split(" ")).map(parts -> Arguments.of(parts[0], parts[1]));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("skopeoDigests")
    void computesTheDigestSkopeoComputes(String fixture, String expected) throws Exception {
        byte[] manifest = resource(fixture);
        assertThat(ManifestDigests.digest(manifest)).hasToString(expected);
        assertThat(ManifestDigests.matches(manifest, Digest.parse(expected))).isTrue();
    }

    @Test
    void stripsJwsSignaturesOfSignedSchema1() throws Exception {
        byte[] signed = resource("manifest/v2s1-signed.manifest.json");
        assertThat(MediaTypes.guess(signed)).contains(MediaTypes.DOCKER_SCHEMA1_SIGNED);
        assertThat(ManifestDigests.digest(signed)).isNotEqualTo(Digest.sha256(signed));
        assertThat(ManifestDigests.digest(signed))
                .isEqualTo(ManifestDigests.digest(resource("manifest/v2s1-unsigned.manifest.json")));
    }

    @Test
    void modifiedSchema1PayloadChangesTheDigest() throws Exception {
        assertThat(ManifestDigests.digest(resource("manifest/v2s1-signed-modified-payload.manifest.json")))
                .isNotEqualTo(ManifestDigests.digest(resource("manifest/v2s1-signed.manifest.json")));
    }

    @Test
    void matchesUsesTheAlgorithmOfTheExpectedDigest() throws Exception {
        byte[] manifest = resource("image/dir-unsigned/manifest.json");
        Digest sha512 = Digest.of(DigestAlgorithm.SHA512, manifest);
        assertThat(ManifestDigests.matches(manifest, sha512)).isTrue();
        assertThat(ManifestDigests.matches(manifest, Digest.of(DigestAlgorithm.SHA512, new byte[] {1}))).isFalse();
    }

    @Test
    void signedSchema1WithSignatureOutsideTheManifestIsInvalid() {
        // protected header: {"formatLength":99999,"formatTail":"Cn0"}
        String manifest = "{\"schemaVersion\":1,\"signatures\":[{\"protected\":"
                + "\"eyJmb3JtYXRMZW5ndGgiOjk5OTk5LCJmb3JtYXRUYWlsIjoiQ24wIn0\"}]}";
        assertThatThrownBy(() -> ManifestDigests.digest(manifest.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("formatLength");
        assertThat(ManifestDigests.matches(manifest.getBytes(StandardCharsets.UTF_8),
                Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void signedSchema1WithoutProtectedHeaderIsInvalid() {
        String manifest = "{\"schemaVersion\":1,\"signatures\":[{\"signature\":\"x\"}]}";
        assertThatThrownBy(() -> ManifestDigests.digest(manifest.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void refusesManifestsOverFourMebibytes() {
        byte[] huge = new byte[ManifestLimits.MAX_MANIFEST_BYTES + 1];
        assertThatThrownBy(() -> ManifestDigests.digest(huge)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("limit");
    }
}
