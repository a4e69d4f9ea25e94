package dev.vouch.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registriesd.LookasideReader;
import dev.vouch.registry.RegistryClient;
import dev.vouch.registry.RegistryException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.UntrustedManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a docker image source takes signatures from, and in which order, with a scripted registry client. */
class DockerImageSourceSignaturesTest {
    static final String IMAGE = "registry.example.com/team/app:v1";
    static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
    static final Digest DIGEST = Digest.sha256(MANIFEST);
    static final byte[] LOOKASIDE_SIGNATURE = {(byte) 0xa3, 1, 2};
    static final byte[] PAYLOAD = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER_PAYLOAD = "{\"attestation\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;
    FakeClient client = new FakeClient();
    Path registries;

    @BeforeEach
    void lookasideWithOneSignature() throws Exception {
        Path lookaside = temp.resolve("lookaside");
        Path dir = Files.createDirectories(lookaside.resolve("team/app@sha256=" + DIGEST.encoded()));
        Files.write(dir.resolve("signature-1"), LOOKASIDE_SIGNATURE);
        registries = Files.createDirectories(temp.resolve("registries.d"));
        client.manifests.put(IMAGE, new UntrustedManifest(MANIFEST, MediaTypes.OCI_MANIFEST));
        String attachment = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + "0".repeat(64)
                + "\",\"size\":2},\"layers\":[" + layer(UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE,
                PAYLOAD, "c2ln") + "," + layer("application/vnd.dsse.envelope.v1+json", OTHER_PAYLOAD, "b3RoZXI=")
                + "]}";
        client.manifests.put("registry.example.com/team/app:sha256-" + DIGEST.encoded() + ".sig",
                new UntrustedManifest(attachment.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST));
        client.blobs.put(Digest.sha256(PAYLOAD), PAYLOAD);
        client.blobs.put(Digest.sha256(OTHER_PAYLOAD), OTHER_PAYLOAD);
        registriesYaml(lookaside, true);
    }

    static String layer(String mediaType, byte[] blob, String signature) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(blob) + "\",\"size\":"
                + blob.length + ",\"annotations\":{\"" + UntrustedSigstoreSignature.SIGNATURE_ANNOTATION + "\":\""
                + signature + "\"}}";
    }

    void registriesYaml(Path lookaside, boolean attachments) throws Exception {
        Files.writeString(registries.resolve("default.yaml"), "default-docker:\n  lookaside: "
                + lookaside.toUri().toString().replaceFirst("^file:/+", "file:///")
                + "\n  use-sigstore-attachments: " + attachments + "\n");
    }

    List<UntrustedSignature> signatures() throws Exception {
        DockerTransportReference reference = DockerTransportReference.of(ImageReference.parse(IMAGE));
        SourceContext context = SourceContext.defaults().withHomeDirectory(temp, false)
                .withRegistriesDirectory(registries);
        try (ImageSource source = new DockerImageSource(reference, client, true, context, () -> {
            throw new AssertionError("no HTTP lookaside expected");
        }, Optional.empty())) {
            return source.signatures();
        }
    }

    @Test
    void readsLookasideSignaturesFirstThenEveryAttachmentLayer() throws Exception {
        List<UntrustedSignature> signatures = signatures();
        assertThat(signatures).hasSize(3);
        assertThat(signatures.get(0)).isEqualTo(new UntrustedSimpleSignature(LOOKASIDE_SIGNATURE));
        assertThat(signatures.get(1)).isEqualTo(new UntrustedSigstoreSignature(
                UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE, PAYLOAD,
                Map.of(UntrustedSigstoreSignature.SIGNATURE_ANNOTATION, "c2ln")));
        assertThat(((UntrustedSigstoreSignature) signatures.get(2)).mimeType())
                .isEqualTo("application/vnd.dsse.envelope.v1+json");
    }

    @Test
    void doesNotAskForAttachmentsUnlessEnabled() throws Exception {
        registriesYaml(temp.resolve("lookaside"), false);
        assertThat(signatures()).containsExactly(new UntrustedSimpleSignature(LOOKASIDE_SIGNATURE));
        assertThat(client.requested).doesNotContain("registry.example.com/team/app:sha256-" + DIGEST.encoded()
                + ".sig");
    }

    @Test
    void usesTheSignatureApiInsteadOfLookasideWhenTheRegistryOffersIt() throws Exception {
        client.extension = true;
        client.extensionList = "{\"signatures\":[{\"schemaVersion\":2,\"type\":\"atomic\",\"content\":\"BAU=\"}]}";
        List<UntrustedSignature> signatures = signatures();
        assertThat(signatures).hasSize(3);
        assertThat(signatures.get(0)).isEqualTo(new UntrustedSimpleSignature(new byte[] {4, 5}));
    }

    @Test
    void refusesAnAttachmentManifestThatIsNotAnOciManifest() throws Exception {
        String tag = "registry.example.com/team/app:sha256-" + DIGEST.encoded() + ".sig";
        client.manifests.put(tag, new UntrustedManifest(client.manifests.get(tag).bytes(), MediaTypes.DOCKER_SCHEMA2));
        assertThatThrownBy(this::signatures).hasMessageContaining("reading signatures of")
                .hasMessageContaining("unexpected MIME type for sigstore attachment manifest");
    }

    /** Answers from maps; records the manifests asked for. */
    static final class FakeClient implements RegistryClient {
        final Map<String, UntrustedManifest> manifests = new HashMap<>();
        final Map<Digest, byte[]> blobs = new HashMap<>();
        final List<String> requested = new ArrayList<>();
        boolean extension;
        String extensionList = "";

        @Override
        public String registry() {
            return "registry.example.com";
        }

        @Override
        public void ping() {
        }

        @Override
        public void checkCredentials() {
        }

        @Override
        public Optional<UntrustedManifest> manifest(ImageReference reference) {
            requested.add(reference.toString());
            return Optional.ofNullable(manifests.get(reference.toString()));
        }

        @Override
        public Optional<Digest> manifestDigest(ImageReference reference) {
            throw new AssertionError("not used");
        }

        @Override
        public boolean supportsSignatureExtension() {
            return extension;
        }

        @Override
        public byte[] blob(ImageReference repository, Digest digest, int maxBytes) throws RegistryException {
            byte[] blob = blobs.get(digest);
            if (blob == null) {
                throw new RegistryException(registry(), repository.path(), "no blob " + digest);
            }
            return blob;
        }

        @Override
        public byte[] extensionSignatures(ImageReference repository, Digest manifestDigest) {
            assertThat(manifestDigest).isEqualTo(DIGEST);
            return extensionList.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Optional<Long> blobSize(ImageReference repository, Digest digest) {
            throw new AssertionError("not used");
        }

        @Override
        public void putBlob(ImageReference repository, Digest digest, dev.vouch.registry.BlobContent content) {
            throw new AssertionError("not used");
        }

        @Override
        public boolean mountBlob(ImageReference repository, Digest digest, ImageReference from) {
            throw new AssertionError("not used");
        }

        @Override
        public long downloadBlob(ImageReference repository, Digest digest, java.nio.file.Path target, long max) {
            throw new AssertionError("not used");
        }

        @Override
        public Digest putManifest(ImageReference reference, byte[] manifest, String mediaType) {
            throw new AssertionError("not used");
        }

        @Override
        public List<String> tags(ImageReference repository) {
            throw new AssertionError("not used");
        }

        @Override
        public void putExtensionSignature(ImageReference repository, Digest manifestDigest, byte[] body) {
            throw new AssertionError("not used");
        }

        @Override
        public void close() {
        }
    }
}
