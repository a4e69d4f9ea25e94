package dev.vouch.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.BlobContent;
import dev.vouch.registry.HttpRegistryClient;
import dev.vouch.registry.RegistryClientOptions;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.sigstore.SigstoreRules;
import dev.vouch.signature.sigstore.SigstoreSigner;
import dev.vouch.signature.sigstore.SigstoreTrust;
import dev.vouch.signature.sigstore.SigstoreVerifier;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.TestImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing sigstore attachments into a real registry ({@code docker-registry}) and reading them back. */
class SigstoreAttachmentWriterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static RegistryServer registry;
    static Skopeo skopeo;
    static HttpRegistryClient client;
    static KeyPair first;
    static KeyPair second;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.builder(work.resolve("registry")).start();
        skopeo = Skopeo.inNewHome(work);
        client = HttpRegistryClient.create(registry.hostPort(), RegistryClientOptions.of(RegistryTls.context(
                Optional.empty(), false)).withInsecure(true));
        first = key();
        second = key();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    static KeyPair key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static ImageReference push(String name) throws Exception {
        return ImageReference.parse(registry.hostPort() + "/" + name + "@" + TestImage.push(skopeo, registry, work,
                name));
    }

    static UntrustedSigstoreSignature sign(KeyPair key, ImageReference image) throws Exception {
        return SigstoreSigner.sign(key.getPrivate(), image.digest().orElseThrow().toString(),
                image.repository().toString(), Optional.empty(), Instant.now(), Map.of());
    }

    static ImageReference tag(ImageReference image) {
        return image.repository().withTag(SigstoreAttachments.tag(image.digest().orElseThrow()));
    }

    static JsonNode manifest(ImageReference image) throws Exception {
        return JSON.readTree(client.manifest(tag(image)).orElseThrow().bytes());
    }

    static JsonNode config(ImageReference image) throws Exception {
        Digest digest = Digest.parse(manifest(image).get("config").get("digest").asText());
        return JSON.readTree(client.blob(image.repository(), digest, 1 << 20));
    }

    /** Verifies every attachment of {@code image} with {@code key}; returns how many verified. */
    static long verifiedBy(KeyPair key, ImageReference image) throws Exception {
        Digest digest = image.digest().orElseThrow();
        SigstoreRules rules = new SigstoreRules() {
            @Override
            public void checkManifestDigest(String signed) throws InvalidSignatureException {
                if (!signed.equals(digest.toString())) {
                    throw new InvalidSignatureException("digest");
                }
            }

            @Override
            public void checkDockerReference(String reference) {
            }
        };
        long verified = 0;
        for (UntrustedSignature signature : SigstoreAttachments.read(client, image, digest)) {
            try {
                SigstoreVerifier.verify((UntrustedSigstoreSignature) signature,
                        new SigstoreTrust.PublicKeys(List.of(key.getPublic()), List.of()), rules);
                verified++;
            } catch (InvalidSignatureException e) {
                // signed by another key
            }
        }
        return verified;
    }

    @Test
    void startsAnAttachmentAsContainersImageDoesAndSkipsAnIdenticalSignature() throws Exception {
        ImageReference image = push("writer/new");
        UntrustedSigstoreSignature signature = sign(first, image);

        assertThat(SigstoreAttachmentWriter.put(client, image, image.digest().orElseThrow(), List.of(signature)))
                .isEqualTo(1);
        Optional<Digest> written = client.manifestDigest(tag(image));
        assertThat(SigstoreAttachmentWriter.put(client, image, image.digest().orElseThrow(), List.of(signature)))
                .isZero();

        assertThat(client.manifestDigest(tag(image))).isEqualTo(written);
        JsonNode manifest = manifest(image);
        assertThat(manifest.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.get("config").get("mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(manifest.get("layers")).hasSize(1);
        assertThat(JSON.writeValueAsString(config(image))).isEqualTo("{\"architecture\":\"\",\"os\":\"\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(signature.untrustedPayload())
                + "\"]}}");
        assertThat(verifiedBy(first, image)).isEqualTo(1);
    }

    @Test
    void appendsToAnAttachmentWrittenByAnotherToolKeepingWhatItDoesNotKnow() throws Exception {
        ImageReference image = push("writer/existing");
        UntrustedSigstoreSignature earlier = sign(first, image);
        byte[] payload = earlier.untrustedPayload();
        Digest payloadDigest = Digest.sha256(payload);
        client.putBlob(image.repository(), payloadDigest, BlobContent.ofBytes(payload));
        byte[] config = ("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":"
                + "\"0001-01-01T00:00:00Z\"}],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + payloadDigest + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
        client.putBlob(image.repository(), Digest.sha256(config), BlobContent.ofBytes(config));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"size\":" + config.length + ",\"digest\":\""
                + Digest.sha256(config) + "\"},\"layers\":[{\"mediaType\":\""
                + UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE + "\",\"size\":" + payload.length
                + ",\"digest\":\"" + payloadDigest + "\",\"annotations\":{\""
                + UntrustedSigstoreSignature.SIGNATURE_ANNOTATION + "\":\""
                + earlier.untrustedAnnotations().get(UntrustedSigstoreSignature.SIGNATURE_ANNOTATION)
                + "\"}}],\"annotations\":{\"org.example.kept\":\"yes\"}}";
        client.putManifest(tag(image), manifest.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);

        UntrustedSigstoreSignature later = sign(second, image);
        assertThat(SigstoreAttachmentWriter.put(client, image, image.digest().orElseThrow(),
                List.of(earlier, later))).isEqualTo(1);

        JsonNode written = manifest(image);
        assertThat(written.get("layers")).hasSize(2);
        assertThat(written.get("annotations").get("org.example.kept").asText()).isEqualTo("yes");
        JsonNode writtenConfig = config(image);
        assertThat(writtenConfig.get("history")).hasSize(1);
        assertThat(writtenConfig.get("rootfs").get("diff_ids")).hasSize(2);
        assertThat(writtenConfig.get("rootfs").get("diff_ids").get(1).asText())
                .isEqualTo(Digest.sha256(later.untrustedPayload()).toString());
        assertThat(verifiedBy(first, image)).isEqualTo(1);
        assertThat(verifiedBy(second, image)).isEqualTo(1);
    }

    @Test
    void refusesToAppendToATagThatIsNotAnOciManifest() throws Exception {
        ImageReference image = push("writer/wrongtype");
        ImageReference other = push("writer/other");
        skopeo.runChecked(List.of("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false",
                "--format", "v2s2", "docker://" + other, "docker://" + tag(image)));
        assertThat(client.manifest(tag(image)).orElseThrow().mediaType()).isEqualTo(MediaTypes.DOCKER_SCHEMA2);

        assertThatThrownBy(() -> SigstoreAttachmentWriter.put(client, image, image.digest().orElseThrow(),
                List.of(sign(first, image))))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("unexpected MIME type");
    }
}
