package dev.vouch.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.TestImages;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OciTransportTest {
    private static final SourceContext CONTEXT = SourceContext.defaults();
    private static final String APP_DIGEST = "sha256:9059e13318e2f1d80d943a3a3ea3650b6b54feceec7ce1620e92cec54510eb4d";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> path {1}, image {2}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", emptyValue = "", textBlock = """
            /layout                 | /layout   | ''
            /layout:                | /layout   | ''
            /layout:latestimage     | /layout   | latestimage
            /layout:notlatest:image | /layout   | notlatest:image
            /layout:a/b-c--d.e_f@g+h | /layout  | a/b-c--d.e_f@g+h
            /layout:invalid'image!  | INVALID   | INVALID
            /layout:-leading        | INVALID   | INVALID
            /layout:a//b            | INVALID   | INVALID
            /layout:a---b           | INVALID   | INVALID
            """)
    void splitsPathAndImageAtTheFirstColon(String input, String path, String image) {
        if (path == null) {
            assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(tmp + input))
                    .isInstanceOf(InvalidReferenceException.class);
            return;
        }
        OciReference ref = (OciReference) OciTransport.INSTANCE.parseReference(tmp + input);
        assertThat(ref.image()).isEqualTo(image);
        assertThat(ref.stringWithinTransport()).isEqualTo(tmp + path + ":" + image);
        assertThat(OciTransport.INSTANCE.parseReference(ref.stringWithinTransport())).isEqualTo(ref);
    }

    @Test
    void identityIsTheResolvedDirectoryWithoutTheImageName() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("x/layout"));
        Files.createSymbolicLink(tmp.resolve("link"), real);
        String resolved = tmp.toRealPath().resolve("x/layout").toString();
        TransportReference ref = OciTransport.INSTANCE.parseReference(tmp + "/link:app");
        assertThat(ref.policyConfigurationIdentity()).isEqualTo(resolved);
        assertThat(ref.policyConfigurationNamespaces()).startsWith(resolved, tmp.toRealPath().resolve("x").toString())
                .doesNotContain("/");
        assertThat(ref.dockerReference()).isEmpty();
    }

    @Test
    void readsTheImageNamedByTheRefNameAnnotation() throws Exception {
        Path layout = TestImages.fixture("oci-two-images");
        try (ImageSource source = OciTransport.INSTANCE.parseReference(layout + ":app").newImageSource(CONTEXT)) {
            assertThat(source.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(ManifestDigests.digest(source.manifest().bytes())).hasToString(APP_DIGEST);
            assertThat(source.signatures()).isEmpty();
        }
    }

    @Test
    void entriesOfDockerMediaTypesCannotBeSelectedByNameAsInSkopeo() {
        // skopeo 1.9.3: 'no descriptor found for reference "app-v2s2"' for this very layout, which it wrote.
        Path layout = TestImages.fixture("oci-two-images");
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout + ":app-v2s2").newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("no image named \"app-v2s2\"");
    }

    @Test
    void readsTheOnlyImageWhenNoNameIsGiven() throws Exception {
        try (ImageSource source = OciTransport.INSTANCE.parseReference(TestImages.fixture("oci-single").toString())
                .newImageSource(CONTEXT)) {
            assertThat(ManifestDigests.digest(source.manifest().bytes())).hasToString(APP_DIGEST);
        }
    }

    @Test
    void refusesToGuessAmongSeveralImages() {
        Path layout = TestImages.fixture("oci-two-images");
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout.toString()).newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("lists 2 images");
    }

    @Test
    void refusesAnUnknownName() {
        Path layout = TestImages.fixture("oci-two-images");
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout + ":nope").newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("no image named \"nope\"");
    }

    @Test
    void refusesAManifestBlobThatDoesNotMatchItsDigest() throws Exception {
        Path layout = TestImages.copy("oci-single", tmp.resolve("layout"));
        Path blob = layout.resolve("blobs/sha256/" + APP_DIGEST.substring(7));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 2] ^= 1; // same size, different content
        Files.write(blob, bytes);
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout.toString()).newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("does not match its digest")
                .hasMessageContaining(blob.toString());
    }

    @Test
    void refusesAManifestBlobOfAnotherSize() throws Exception {
        Path layout = TestImages.copy("oci-single", tmp.resolve("layout"));
        Path blob = layout.resolve("blobs/sha256/" + APP_DIGEST.substring(7));
        Files.write(blob, "{}".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout.toString()).newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("bytes, the index says");
    }

    @Test
    void refusesADirectoryWithoutOciLayoutFile() throws Exception {
        Path layout = TestImages.copy("oci-single", tmp.resolve("layout"));
        Files.delete(layout.resolve("oci-layout"));
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout.toString()).newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("oci-layout");
    }

    @Test
    void ignoresEntriesThatAreNotOciManifestsWhenSelectingByName() throws Exception {
        Path layout = TestImages.copy("oci-single", tmp.resolve("layout"));
        String index = Files.readString(layout.resolve("index.json"))
                .replace("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"",
                        "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"")
                .replace("\"size\"", "\"annotations\":{\"org.opencontainers.image.ref.name\":\"app\"},\"size\"");
        Files.writeString(layout.resolve("index.json"), index);
        assertThatThrownBy(() -> OciTransport.INSTANCE.parseReference(layout + ":app").newImageSource(CONTEXT))
                .isInstanceOf(IOException.class).hasMessageContaining("no image named");
    }
}
