package dev.vouch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.ociarchive.OciArchiveReference;
import dev.vouch.image.ociarchive.TarLimits;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.testing.registry.TestImage;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local destinations: what they write, what a failure leaves, what they refuse. */
class ImageDestinationsTest {
    static final SourceContext CONTEXT = SourceContext.defaults();

    @TempDir
    Path work;

    static TransportReference parse(String name) {
        return ImageTransports.standard().parseImageName(name);
    }

    /** Copies the test image in {@code dir} (manifest and blobs) to {@code destination}; no commit. */
    static void writeImage(Path dir, byte[] manifest, ImageDestination destination) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.matches("[0-9a-f]{64}")) {
                    destination.putBlob(Digest.parse("sha256:" + name), file);
                }
            }
        }
        destination.putManifest(new UntrustedManifest(manifest, MediaTypes.OCI_MANIFEST), Optional.empty());
    }

    @Test
    void dirDestinationRefusesToReplaceADirectoryThatIsNotAnImage() throws Exception {
        Path target = Files.createDirectories(work.resolve("documents"));
        Files.writeString(target.resolve("thesis.txt"), "precious");
        assertThatThrownBy(() -> parse("dir:" + target).newImageDestination(CONTEXT))
                .hasMessageContaining("not a containers image directory");
        assertThat(target.resolve("thesis.txt")).hasContent("precious");
    }

    @Test
    void dirDestinationWritesNothingUntilCommitAndReplacesAnImageWhenCommitted() throws Exception {
        Path source = work.resolve("source");
        byte[] manifest = TestImage.write(source, "dir-destination");
        Path target = work.resolve("target");
        TestImage.write(target, "old-image");
        byte[] oldManifest = Files.readAllBytes(target.resolve("manifest.json"));
        try (ImageDestination destination = parse("dir:" + target).newImageDestination(CONTEXT)) {
            writeImage(source, manifest, destination);
            destination.putSignatures(List.of(new UntrustedSimpleSignature(new byte[] {(byte) 0xA3, 1})),
                    Optional.empty());
        }
        assertThat(Files.readAllBytes(target.resolve("manifest.json"))).isEqualTo(oldManifest);
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("source", "target");
        }
        try (ImageDestination destination = parse("dir:" + target).newImageDestination(CONTEXT)) {
            writeImage(source, manifest, destination);
            destination.putSignatures(List.of(new UntrustedSimpleSignature(new byte[] {(byte) 0xA3, 1})),
                    Optional.empty());
            destination.commit();
        }
        assertThat(Files.readAllBytes(target.resolve("manifest.json"))).isEqualTo(manifest);
        assertThat(target.resolve("signature-1")).exists();
        try (ImageSource read = parse("dir:" + target).newImageSource(CONTEXT)) {
            assertThat(read.signatures()).hasSize(1);
        }
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("source", "target");
        }
    }

    @Test
    void ociDestinationRefusesDockerManifestsAndSignatures() throws Exception {
        try (ImageDestination destination = parse("oci:" + work.resolve("layout") + ":v1")
                .newImageDestination(CONTEXT)) {
            assertThat(destination.signatureSupport()).contains("Pushing signatures for OCI images is not supported");
            assertThatThrownBy(() -> destination.putManifest(new UntrustedManifest("{}".getBytes(
                    StandardCharsets.UTF_8), MediaTypes.DOCKER_SCHEMA2), Optional.empty()))
                    .hasMessageContaining("cannot be stored in an OCI layout");
            assertThatThrownBy(() -> destination.putSignatures(List.of(new UntrustedSimpleSignature(new byte[] {1})),
                    Optional.empty())).hasMessageContaining("Pushing signatures for OCI images is not supported");
        }
        assertThat(work.resolve("layout/index.json")).doesNotExist();
    }

    @Test
    void ociLayoutKeepsOtherImagesAndReplacesTheSameName() throws Exception {
        Path layout = work.resolve("layout");
        for (String variant : List.of("first", "second", "third")) {
            Path source = work.resolve(variant);
            byte[] manifest = TestImage.write(source, variant);
            String name = variant.equals("first") ? "a" : "b";
            try (ImageDestination destination = parse("oci:" + layout + ":" + name).newImageDestination(CONTEXT)) {
                writeImage(source, manifest, destination);
                destination.commit();
            }
        }
        String index = Files.readString(layout.resolve("index.json"));
        assertThat(index).contains("\"a\"").contains("\"b\"")
                .contains(TestImage.sha256(TestImage.write(work.resolve("again"), "third")));
        try (ImageSource read = parse("oci:" + layout + ":a").newImageSource(CONTEXT)) {
            assertThat(read.manifest().bytes()).isEqualTo(Files.readAllBytes(work.resolve("first/manifest.json")));
        }
    }

    @Test
    void ociArchiveLayersThatAreNotExtractedAreStreamedFromTheArchive() throws Exception {
        Path source = work.resolve("source");
        byte[] small = TestImage.write(source, "archive");
        String text = new String(small, StandardCharsets.UTF_8);
        byte[] layer = new byte[64 * 1024];
        new Random(7).nextBytes(layer);
        String oldLayer = text.substring(text.indexOf("sha256:", text.indexOf("\"layers\"")) + 7).substring(0, 64);
        long oldSize = Files.size(source.resolve(oldLayer));
        Files.delete(source.resolve(oldLayer));
        String newLayer = TestImage.sha256(layer);
        Files.write(source.resolve(newLayer), layer);
        byte[] manifest = text.replace(oldLayer, newLayer).replace("\"size\":" + oldSize + "}]",
                "\"size\":" + layer.length + "}]").getBytes(StandardCharsets.UTF_8);
        Path archive = work.resolve("image.tar");
        try (ImageDestination destination = parse("oci-archive:" + archive).newImageDestination(CONTEXT)) {
            writeImage(source, manifest, destination);
            destination.commit();
        }
        OciArchiveReference limited = ((OciArchiveReference) parse("oci-archive:" + archive))
                .withLimits(new TarLimits(100, 4096, 1024 * 1024, 1024 * 1024 * 1024));
        Path copied = work.resolve("layer.bin");
        try (ImageSource read = limited.newImageSource(CONTEXT)) {
            assertThat(read.manifest().bytes()).isEqualTo(manifest);
            assertThat(read.fetchBlob(Digest.parse("sha256:" + newLayer), copied)).isEqualTo(layer.length);
            assertThatThrownBy(() -> read.fetchBlob(Digest.sha256(new byte[3]), work.resolve("missing.bin")))
                    .hasMessageContaining("has no regular file");
        }
        assertThat(Files.readAllBytes(copied)).isEqualTo(layer);
        assertThat(work.resolve("missing.bin")).doesNotExist();
    }
}
