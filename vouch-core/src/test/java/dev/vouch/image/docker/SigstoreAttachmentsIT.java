package dev.vouch.image.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.image.ImageTransports;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.TestImage;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import dev.vouch.verify.VerdictText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigstore attachments in a real registry ({@code docker-registry}): images pushed by skopeo, their
 * {@code sha256-<hex>.sig} manifests and payload layers pushed through the registry API, signed with a test P-256 key.
 * vouch reads them only when registries.d enables {@code use-sigstore-attachments}. (skopeo cannot be compared here:
 * the installed Debian build rejects every sigstore signature with "sigstore disabled".)
 */
class SigstoreAttachmentsIT {
    static final String COSIGN_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    @TempDir
    static Path work;
    static RegistryServer registry;
    static Skopeo skopeo;
    static KeyPair key;
    static Path policy;
    static Path attachmentsOn;
    static Path attachmentsOff;
    static final Map<String, String> digests = new HashMap<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.builder(work.resolve("registry")).start();
        skopeo = Skopeo.inNewHome(work);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = generator.generateKeyPair();
        Path publicKey = Files.writeString(work.resolve("cosign.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        policy = Files.writeString(work.resolve("policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"docker\":{\"\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + publicKey
                + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}]}}}");
        attachmentsOn = TestImage.registriesDirectory(work, "on", true);
        attachmentsOff = TestImage.registriesDirectory(work, "off", false);

        push("team/signed", "signed", payload("team/signed", null), null);
        push("team/tampered", "tampered", payload("team/tampered", null),
                payload("team/tampered", null).replace("cosign container image signature\"}",
                        "cosign container image signature\"},\"x\":1"));
        push("team/unsigned", "unsigned", null, null);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** A cosign payload for {@code name}; {@code null} digest means the one recorded for {@code name}. */
    static String payload(String name, String digest) {
        return "{\"critical\":{\"identity\":{\"docker-reference\":\"" + registry.hostPort() + "/" + name
                + "\"},\"image\":{\"docker-manifest-digest\":\"" + (digest == null ? "DIGEST" : digest)
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";
    }

    /**
     * Pushes image {@code name:v1}; if {@code signedPayload} is given, attaches it (with the image's digest) signed by
     * the test key, with {@code storedPayload} (if not null) stored in its place.
     */
    static void push(String name, String variant, String signedPayload, String storedPayload) throws Exception {
        Path dir = Files.createTempDirectory(work, "image");
        byte[] manifest = TestImage.write(dir, variant);
        skopeo.runChecked(List.of("copy", "--quiet", "--dest-tls-verify=false", "--preserve-digests", "dir:" + dir,
                "docker://" + registry.hostPort() + "/" + name + ":v1"));
        String digest = "sha256:" + TestImage.sha256(manifest);
        digests.put(name, digest);
        if (signedPayload == null) {
            return;
        }
        byte[] signed = signedPayload.replace("DIGEST", digest).getBytes(StandardCharsets.UTF_8);
        byte[] stored = storedPayload == null ? signed
                : storedPayload.replace("DIGEST", digest).getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(signed);
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        uploadBlob(name, config);
        uploadBlob(name, stored);
        String attachment = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                + TestImage.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\""
                + COSIGN_TYPE + "\",\"digest\":\"sha256:" + TestImage.sha256(stored) + "\",\"size\":" + stored.length
                + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}]}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.hostPort()
                        + "/v2/" + name + "/manifests/" + digest.replace(':', '-') + ".sig"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(attachment)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    static void uploadBlob(String name, byte[] blob) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.hostPort()
                + "/v2/" + name + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create("http://" + registry.hostPort() + "/").resolve(location);
        URI complete = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=sha256:"
                + TestImage.sha256(blob));
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(complete)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
    }

    static Verdict verify(String image, Path registriesDirectory) throws Exception {
        SourceContext context = SourceContext.defaults().withHomeDirectory(work.resolve("home"), false)
                .withRegistriesDirectory(registriesDirectory).withTlsVerify(false);
        try (ImageSource source = ImageTransports.standard().parseImageName("docker://" + image)
                .newImageSource(context)) {
            return new PolicyEvaluator(PolicyFiles.load(policy)).evaluate(source);
        }
    }

    @Test
    void acceptsAnImageWithAValidAttachmentByTagAndByDigest() throws Exception {
        for (String image : List.of(registry.hostPort() + "/team/signed:v1",
                registry.hostPort() + "/team/signed@" + digests.get("team/signed"))) {
            Verdict verdict = verify(image, attachmentsOn);
            assertThat(verdict.accepted()).as(VerdictText.explain(verdict)).isTrue();
        }
    }

    @Test
    void rejectsAnAttachmentWhosePayloadWasTampered() throws Exception {
        String image = registry.hostPort() + "/team/tampered:v1";
        Verdict verdict = verify(image, attachmentsOn);
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("signature 1 (sigstore-json)")
                .contains("cryptographic signature verification failed");
    }

    @Test
    void ignoresAttachmentsWhenRegistriesDoesNotEnableThem() throws Exception {
        String image = registry.hostPort() + "/team/signed:v1";
        Verdict verdict = verify(image, attachmentsOff);
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("no signature exists");
    }

    @Test
    void anImageWithoutAnAttachmentTagHasNoSignatures() throws Exception {
        String image = registry.hostPort() + "/team/unsigned:v1";
        Verdict verdict = verify(image, attachmentsOn);
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("no signature exists");
    }
}
