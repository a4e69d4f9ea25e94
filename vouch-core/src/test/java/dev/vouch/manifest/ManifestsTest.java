package dev.vouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestsTest {

    @Test
    void parsesConfigAndLayersOfAnOciManifest() throws Exception {
        byte[] bytes = ManifestDigestsTest.resource("image/dir-unsigned/manifest.json");
        ImageManifest manifest = (ImageManifest) Manifests.parse(bytes, "");
        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.config().digest().encoded()).hasSize(64);
        assertThat(manifest.layers()).hasSize(1);
    }

    @Test
    void parsesInstancesOfAnIndexWithPlatforms() throws Exception {
        String index = """
                {"schemaVersion":2,"manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":7,
                  "digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
                  "platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}""";
        ManifestIndex parsed = (ManifestIndex) Manifests.parse(index.getBytes(StandardCharsets.UTF_8), "");
        assertThat(parsed.manifests()).singleElement().satisfies(d -> {
            assertThat(d.platform()).contains(new Platform("linux", "arm64", "v8"));
            assertThat(d.size()).isEqualTo(7);
        });
    }

    @Test
    void parsesBlobSumsOfSchema1() throws Exception {
        Schema1Manifest parsed = (Schema1Manifest) Manifests.parse(
                ManifestDigestsTest.resource("manifest/v2s1-signed.manifest.json"), "");
        assertThat(parsed.name()).isEqualTo("mitr/busybox");
        assertThat(parsed.blobSums()).hasSize(3);
    }

    @Test
    void rejectsDescriptorWithUnsupportedDigest() {
        String manifest = """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",
                 "digest":"md5:abc","size":1},"layers":[]}""";
        assertThatThrownBy(() -> Manifests.parse(manifest.getBytes(StandardCharsets.UTF_8), ""))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("config.digest");
    }

    @Test
    void rejectsNegativeSizes() {
        String manifest = """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",
                 "digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f","size":-1}}""";
        assertThatThrownBy(() -> Manifests.parse(manifest.getBytes(StandardCharsets.UTF_8), ""))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("size");
    }
}
