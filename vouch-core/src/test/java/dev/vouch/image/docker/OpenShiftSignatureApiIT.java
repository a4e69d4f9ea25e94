package dev.vouch.image.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.image.ImageTransports;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import dev.vouch.testing.registry.OpenShiftRegistryServer;
import dev.vouch.testing.registry.OpenShiftRegistryServer.RawAnswer;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.TestImage;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import dev.vouch.verify.VerdictText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures served by the OpenShift registry signature API ({@link OpenShiftRegistryServer}, a stand-in for the real
 * registry), made by {@code skopeo standalone-sign}: only version 2 {@code atomic} entries count, the lookaside store
 * is not consulted for such a registry, and a broken or missing list rejects the image with the reason.
 */
class OpenShiftSignatureApiIT {
    @TempDir
    static Path work;
    static GpgHome gpg;
    static String key;
    static Skopeo skopeo;
    static OpenShiftRegistryServer registry;
    static Path policy;
    static Path registriesDirectory;
    static Path lookaside;

    @BeforeAll
    static void start() throws Exception {
        gpg = GpgHome.create();
        key = gpg.generateKey(GpgKeySpec.ed25519("OpenShift signer <signer@example.com>"));
        String other = gpg.generateKey(GpgKeySpec.ed25519("Someone else <else@example.com>"));
        assertThat(other).isNotEqualTo(key);
        Path keyFile = Files.write(work.resolve("trusted.gpg"), gpg.exportPublicKeys(key));
        Path home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve("run"));
        skopeo = new Skopeo(home, gpg.environment());
        registry = OpenShiftRegistryServer.start();
        policy = Files.writeString(work.resolve("policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"docker\":{\"\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
                + keyFile + "\"}]}}}");
        lookaside = Files.createDirectories(work.resolve("lookaside"));
        registriesDirectory = Files.createDirectories(work.resolve("registries.d"));
        Files.writeString(registriesDirectory.resolve("default.yaml"), "default-docker:\n  lookaside: "
                + lookaside.toUri().toString().replaceFirst("^file:/+", "file:///") + "\n");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    /** Stores a fresh image {@code name:v1}; returns its digest. */
    static String image(String name) throws Exception {
        byte[] manifest = TestImage.write(Files.createTempDirectory(work, "image"), name);
        return registry.putManifest(name, "v1", manifest);
    }

    /** A simple signing signature by {@code skopeo standalone-sign} of {@code name}'s manifest as {@code identity}. */
    static byte[] sign(String name, String identity) throws Exception {
        Path manifest = work.resolve(name.replace('/', '-') + ".manifest.json");
        Path manifestDir = Files.createTempDirectory(work, "sign");
        Files.write(manifest, TestImage.write(manifestDir, name));
        Path output = Files.createTempFile(work, "signature", ".sig");
        Files.delete(output);
        skopeo.runChecked(List.of("standalone-sign", "-o", output.toString(), manifest.toString(), identity, key));
        return Files.readAllBytes(output);
    }

    static Verdict verify(String image) throws Exception {
        SourceContext context = SourceContext.defaults().withHomeDirectory(work.resolve("home"), false)
                .withRegistriesDirectory(registriesDirectory).withTlsVerify(false);
        try (ImageSource source = ImageTransports.standard().parseImageName("docker://" + image)
                .newImageSource(context)) {
            return new PolicyEvaluator(PolicyFiles.load(policy)).evaluate(source);
        }
    }

    static String repository(String name) {
        return registry.hostPort() + "/" + name;
    }

    @Test
    void acceptsAnImageWithAValidAtomicSignatureByTagAndByDigest() throws Exception {
        String digest = image("team/signed");
        registry.addSignature("team/signed", digest, 2, "atomic", sign("team/signed", repository("team/signed:v1")));

        Verdict byTag = verify(repository("team/signed:v1"));
        assertThat(byTag.accepted()).as(VerdictText.explain(byTag)).isTrue();
        Verdict byDigest = verify(repository("team/signed@" + digest));
        assertThat(byDigest.accepted()).as(VerdictText.explain(byDigest)).isTrue();
    }

    @Test
    void ignoresEntriesOfOtherVersionsAndTypes() throws Exception {
        String digest = image("team/kinds");
        byte[] valid = sign("team/kinds", repository("team/kinds:v1"));
        registry.addSignature("team/kinds", digest, 1, "atomic", valid);
        registry.addSignature("team/kinds", digest, 3, "atomic", valid);
        registry.addSignature("team/kinds", digest, 2, "cosign", valid);

        Verdict verdict = verify(repository("team/kinds:v1"));
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("no signature exists");

        registry.addSignature("team/kinds", digest, 2, "atomic", valid);
        Verdict withValid = verify(repository("team/kinds:v1"));
        assertThat(withValid.accepted()).as(VerdictText.explain(withValid)).isTrue();
    }

    @Test
    void doesNotConsultTheLookasideStoreOfARegistryWithTheSignatureApi() throws Exception {
        String digest = image("team/lookaside");
        byte[] valid = sign("team/lookaside", repository("team/lookaside:v1"));
        Path stored = Files.createDirectories(lookaside.resolve("team/lookaside@" + digest.replace(':', '=')));
        Files.write(stored.resolve("signature-1"), valid);

        Verdict verdict = verify(repository("team/lookaside:v1"));
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("no signature exists");
    }

    @Test
    void rejectsTheImageWhenTheSignatureListIsMalformed() throws Exception {
        String digest = image("team/malformed");
        registry.answerSignaturesWith("team/malformed", digest, new RawAnswer(200, "{\"signatures\":[{\"schemaVersion\":"));

        Verdict verdict = verify(repository("team/malformed:v1"));
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("decoding signature list");
    }

    @Test
    void rejectsTheImageWhenAnEntryHasTheWrongType() throws Exception {
        String digest = image("team/wrongtype");
        registry.answerSignaturesWith("team/wrongtype", digest, new RawAnswer(200,
                "{\"signatures\":[{\"schemaVersion\":\"2\",\"type\":\"atomic\",\"content\":\"\"}]}"));

        Verdict verdict = verify(repository("team/wrongtype:v1"));
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("decoding signature list").contains("schemaVersion");
    }

    @Test
    void rejectsTheImageWhenTheSignatureListIsNotFound() throws Exception {
        String digest = image("team/missing");
        registry.answerSignaturesWith("team/missing", digest, new RawAnswer(404, "{\"errors\":[]}"));

        Verdict verdict = verify(repository("team/missing:v1"));
        assertThat(verdict.accepted()).isFalse();
        assertThat(VerdictText.explain(verdict)).contains("downloading the signatures of").contains("404");
    }
}
