package dev.vouch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.testing.registry.TestImage;
import dev.vouch.testing.registry.TokenServer;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client's writes (blobs, mounts, manifests) and tag listing against the real docker-registry. */
class RegistryWritesIT {
    static final String USER = "writer";
    static final String PASSWORD = "writer-Passw0rd";

    @TempDir
    static Path work;
    static RegistryServer plain;
    static TokenServer tokens;
    static RegistryServer token;

    @BeforeAll
    static void start() throws Exception {
        plain = RegistryServer.builder(work.resolve("plain")).start();
        tokens = TokenServer.start(Optional.of(USER), Optional.of(PASSWORD), 300);
        token = RegistryServer.builder(work.resolve("token")).tokenAuth(tokens).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable server : new AutoCloseable[] {plain, token, tokens}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static HttpRegistryClient client(RegistryServer server, Optional<Credentials> credentials) throws IOException {
        return HttpRegistryClient.create(server.hostPort(), RegistryClientOptions.of(RegistryTls.context(
                Optional.empty(), false)).withInsecure(true).withCredentials(credentials));
    }

    static ImageReference repo(RegistryServer server, String path) {
        return ImageReference.parse(server.hostPort() + "/" + path);
    }

    @Test
    void uploadsBlobFromBytesAndReportsItsSize() throws Exception {
        byte[] blob = "a small blob".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(blob);
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/bytes");
            assertThat(client.blobSize(repository, digest)).isEmpty();
            client.putBlob(repository, digest, BlobContent.ofBytes(blob));
            assertThat(client.blobSize(repository, digest)).contains((long) blob.length);
            assertThat(client.blob(repository, digest, 1024)).isEqualTo(blob);
        }
    }

    @Test
    void streamsLargeBlobFromFileAndDownloadsItToFile() throws Exception {
        Path file = work.resolve("large.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 160; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        Digest digest = Digest.parse("sha256:" + HexFormat.of().formatHex(sha.digest()));
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/large");
            client.putBlob(repository, digest, BlobContent.ofFile(file));
            Path target = work.resolve("downloaded.bin");
            assertThat(client.downloadBlob(repository, digest, target, Long.MAX_VALUE)).isEqualTo(Files.size(file));
            assertThat(Files.mismatch(file, target)).isEqualTo(-1L);
        }
    }

    @Test
    void refusedUploadWithWrongDigestLeavesNoBlob() throws Exception {
        byte[] blob = "the real content".getBytes(StandardCharsets.UTF_8);
        Digest claimed = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/wrong");
            assertThatThrownBy(() -> client.putBlob(repository, claimed, BlobContent.ofBytes(blob)))
                    .isInstanceOf(RegistryResponseException.class)
                    .hasMessageContaining("uploading blob")
                    .hasMessageContaining("status 400");
            assertThat(client.blobSize(repository, claimed)).isEmpty();
        }
    }

    @Test
    void downloadOfTooLargeBlobLeavesNoFile() throws Exception {
        byte[] blob = new byte[4096];
        Digest digest = Digest.sha256(blob);
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/limit");
            client.putBlob(repository, digest, BlobContent.ofBytes(blob));
            Path target = work.resolve("limited.bin");
            assertThatThrownBy(() -> client.downloadBlob(repository, digest, target, 100))
                    .hasMessageContaining("larger than the limit");
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void mountsBlobFromAnotherRepositoryAndDeclinesUnknownOne() throws Exception {
        byte[] blob = "mounted content".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(blob);
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference source = repo(plain, "writes/mount-source");
            ImageReference destination = repo(plain, "writes/mount-destination");
            client.putBlob(source, digest, BlobContent.ofBytes(blob));
            assertThat(client.mountBlob(destination, digest, source)).isTrue();
            assertThat(client.blobSize(destination, digest)).contains((long) blob.length);
            Digest unknown = Digest.sha256("never uploaded".getBytes(StandardCharsets.UTF_8));
            assertThat(client.mountBlob(destination, unknown, source)).isFalse();
            assertThat(client.blobSize(destination, unknown)).isEmpty();
        }
    }

    @Test
    void putsManifestByTagAndByDigestAndListsTags() throws Exception {
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/image");
            byte[] manifest = pushImageBlobs(client, repository, "tagged");
            Digest byTag = client.putManifest(repository.withTag("v1"), manifest, "application/vnd.oci.image.manifest.v1+json");
            assertThat(byTag).isEqualTo(Digest.sha256(manifest));
            assertThat(client.manifestDigest(repository.withTag("v1"))).contains(byTag);
            UntrustedManifest fetched = client.manifest(repository.withDigest(byTag)).orElseThrow();
            assertThat(fetched.bytes()).isEqualTo(manifest);
            assertThat(fetched.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");

            byte[] other = pushImageBlobs(client, repository, "by-digest");
            Digest byDigest = client.putManifest(repository.withDigest(Digest.sha256(other)), other,
                    "application/vnd.oci.image.manifest.v1+json");
            assertThat(client.manifest(repository.withDigest(byDigest)).orElseThrow().bytes()).isEqualTo(other);
            client.putManifest(repository.withTag("v2"), other, "application/vnd.oci.image.manifest.v1+json");
            assertThat(client.tags(repository)).containsExactlyInAnyOrder("v1", "v2");
        }
    }

    @Test
    void refusesManifestThatDoesNotMatchTheDigestReference() throws Exception {
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/mismatch");
            byte[] manifest = pushImageBlobs(client, repository, "mismatch");
            Digest wrong = Digest.sha256("not the manifest".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> client.putManifest(repository.withDigest(wrong), manifest,
                    "application/vnd.oci.image.manifest.v1+json"))
                    .isInstanceOf(ManifestDigestMismatchException.class);
            assertThat(client.manifest(repository.withDigest(Digest.sha256(manifest)))).isEmpty();
        }
    }

    @Test
    void manifestWithMissingBlobIsRefusedWithTheRegistryReason() throws Exception {
        try (HttpRegistryClient client = client(plain, Optional.empty())) {
            ImageReference repository = repo(plain, "writes/missing-blobs");
            Path dir = work.resolve("missing-blobs-image");
            byte[] manifest = TestImage.write(dir, "missing-blobs");
            assertThatThrownBy(() -> client.putManifest(repository.withTag("v1"), manifest,
                    "application/vnd.oci.image.manifest.v1+json"))
                    .isInstanceOf(RegistryResponseException.class)
                    .hasMessageContaining("MANIFEST_BLOB_UNKNOWN");
            assertThat(client.manifestDigest(repository.withTag("v1"))).isEmpty();
        }
    }

    @Test
    void tokenAuthAsksForPushAndForTheMountSource() throws Exception {
        Optional<Credentials> credentials = Optional.of(new Credentials(USER, PASSWORD));
        try (HttpRegistryClient client = client(token, credentials)) {
            ImageReference source = repo(token, "team/source");
            ImageReference destination = repo(token, "team/destination");
            byte[] manifest = pushImageBlobs(client, source, "token");
            client.putManifest(source.withTag("v1"), manifest, "application/vnd.oci.image.manifest.v1+json");
            for (String blob : blobsOf(manifest)) {
                assertThat(client.mountBlob(destination, Digest.parse(blob), source)).isTrue();
            }
            client.putManifest(destination.withTag("v1"), manifest, "application/vnd.oci.image.manifest.v1+json");
            assertThat(client.tags(destination)).containsExactly("v1");
        }
        try (HttpRegistryClient anonymous = client(token, Optional.empty())) {
            assertThatThrownBy(() -> anonymous.putBlob(repo(token, "team/anonymous"),
                    Digest.sha256(new byte[1]), BlobContent.ofBytes(new byte[1])))
                    .isInstanceOf(RegistryAuthenticationException.class);
        }
    }

    /** Uploads a fresh test image's config and layer; returns its manifest. */
    static byte[] pushImageBlobs(RegistryClient client, ImageReference repository, String variant) throws IOException {
        Path dir = Files.createTempDirectory(work, "image");
        byte[] manifest = TestImage.write(dir, variant);
        for (String blob : blobsOf(manifest)) {
            Digest digest = Digest.parse(blob);
            client.putBlob(repository, digest, BlobContent.ofFile(dir.resolve(digest.encoded())));
        }
        return manifest;
    }

    static List<String> blobsOf(byte[] manifest) {
        List<String> digests = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("sha256:[0-9a-f]{64}")
                .matcher(new String(manifest, StandardCharsets.UTF_8));
        while (matcher.find()) {
            digests.add(matcher.group());
        }
        return digests;
    }
}
