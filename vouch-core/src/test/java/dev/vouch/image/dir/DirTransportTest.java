package dev.vouch.image.dir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.TestImages;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirTransportTest {
    private static final SourceContext CONTEXT = SourceContext.defaults();

    @Test
    void identityIsTheResolvedPathAndNamespacesAreItsParents(@TempDir Path tmp) throws IOException {
        Path real = Files.createDirectories(tmp.resolve("images/app"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Path root = tmp.toRealPath();
        TransportReference ref = DirTransport.INSTANCE.parseReference(link.toString());
        assertThat(ref.policyConfigurationIdentity()).isEqualTo(root.resolve("images/app").toString());
        assertThat(ref.policyConfigurationNamespaces()).startsWith(root.resolve("images").toString(), root.toString())
                .doesNotContain("/");
        assertThat(ref.dockerReference()).isEmpty();
        assertThat(ref.stringWithinTransport()).isEqualTo(link.toString());
        assertThat(DirTransport.INSTANCE.parseReference(tmp + "/images/./app/../app").policyConfigurationIdentity())
                .isEqualTo(root.resolve("images/app").toString());
    }

    @Test
    void refusesAPathWhoseParentDoesNotExist(@TempDir Path tmp) {
        assertThatThrownBy(() -> DirTransport.INSTANCE.parseReference(tmp + "/a/b"))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("dir:");
    }

    @Test
    void readsManifestWithGuessedMediaTypeAndNoSignatures() throws Exception {
        Path image = TestImages.fixture("dir-unsigned");
        try (ImageSource source = DirTransport.INSTANCE.parseReference(image.toString()).newImageSource(CONTEXT)) {
            assertThat(source.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(ManifestDigests.digest(source.manifest().bytes()))
                    .hasToString("sha256:47bb38c778cbf132b6165e5ccf0b5ad72c989903ea4fa7ea3ef03cc50b49c1ad");
            assertThat(source.signatures()).isEmpty();
        }
    }

    @Test
    void readsSignaturesUpToTheFirstMissingOne(@TempDir Path tmp) throws Exception {
        Path image = TestImages.copy("dir-unsigned", tmp.resolve("img"));
        Files.write(image.resolve("signature-1"), new byte[] {(byte) 0xA3, 1, 2});
        Files.write(image.resolve("signature-2"), SignatureEnvelope.encode(
                new UntrustedSigstoreSignature("application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of())));
        Files.write(image.resolve("signature-4"), new byte[] {(byte) 0xA3});
        try (ImageSource source = DirTransport.INSTANCE.parseReference(image.toString()).newImageSource(CONTEXT)) {
            assertThat(source.signatures()).hasSize(2).first().isInstanceOf(UntrustedSimpleSignature.class);
        }
    }

    @Test
    void anUndecodableSignatureFailsTheReadNamingTheFile(@TempDir Path tmp) throws Exception {
        Path image = TestImages.copy("dir-unsigned", tmp.resolve("img"));
        Files.write(image.resolve("signature-1"), new byte[] {(byte) 0xA3, 1});
        Files.writeString(image.resolve("signature-2"), "not a signature");
        try (ImageSource source = DirTransport.INSTANCE.parseReference(image.toString()).newImageSource(CONTEXT)) {
            assertThatThrownBy(source::signatures).isInstanceOf(IOException.class)
                    .hasMessageContaining("signature-2").hasMessageContaining("dir:" + image);
        }
    }

    @Test
    void aMissingManifestIsAnErrorNamingTheImageAndFile(@TempDir Path tmp) throws Exception {
        try (ImageSource source = DirTransport.INSTANCE.parseReference(tmp.toString()).newImageSource(CONTEXT)) {
            assertThatThrownBy(source::manifest).isInstanceOf(IOException.class)
                    .hasMessageContaining("manifest.json").hasMessageContaining("dir:" + tmp);
        }
    }

    @Test
    void addsSignaturesAtTheFirstFreeNumberWithoutOverwriting(@TempDir Path tmp) throws Exception {
        Path image = TestImages.copy("dir-unsigned", tmp.resolve("img"));
        Files.write(image.resolve("signature-1"), new byte[] {(byte) 0xA3, 9});
        Path written = DirSignatures.add(image, new UntrustedSimpleSignature(new byte[] {(byte) 0xA3, 7}));
        assertThat(written).isEqualTo(image.resolve("signature-2"));
        assertThat(Files.readAllBytes(image.resolve("signature-1"))).containsExactly(0xA3, 9);
        assertThat(Files.readAllBytes(written)).containsExactly(0xA3, 7);
        try (var files = Files.list(image)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void refusesToAddSignaturesToADirectoryWithoutTheVersionFile(@TempDir Path tmp) throws Exception {
        Path image = TestImages.copy("dir-unsigned", tmp.resolve("img"));
        Files.writeString(image.resolve("version"), "Directory Transport Version: 1.0\n");
        assertThatThrownBy(() -> DirSignatures.add(image, new UntrustedSimpleSignature(new byte[] {(byte) 0xA3})))
                .isInstanceOf(IOException.class).hasMessageContaining("not a containers image directory");
        Files.delete(image.resolve("version"));
        assertThatThrownBy(() -> DirSignatures.add(image, new UntrustedSimpleSignature(new byte[] {(byte) 0xA3})))
                .isInstanceOf(IOException.class);
    }
}
