package dev.vouch.cli.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.TestImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch sign --sign-by-sigstore-private-key docker://...} against a real registry ({@code docker-registry}):
 * the tag is resolved once, the signature is added to the {@code sha256-<hex>.sig} attachment, and
 * {@code vouch verify} accepts the image under a {@code sigstoreSigned} policy. skopeo 1.9.3 (Debian) cannot verify
 * sigstore signatures ("sigstore disabled"), but it reads attachments: {@code skopeo copy} of the signed image to
 * {@code dir:} must carry the attachment's signatures over unchanged, and vouch then accepts that copy.
 */
class SigstoreAttachmentSigningIT {
    private static final String PASSPHRASE = "attachment passphrase";

    @TempDir
    static Path work;
    static RegistryServer registry;
    static Skopeo skopeo;
    static Path passphraseFile;
    static Path attachmentsOn;
    static Path attachmentsOff;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryServer.builder(work.resolve("registry")).start();
        skopeo = Skopeo.inNewHome(work);
        passphraseFile = Fixtures.write(work.resolve("passphrase"), PASSPHRASE + "\n");
        attachmentsOn = TestImage.registriesDirectory(work, "on", true);
        attachmentsOff = TestImage.registriesDirectory(work, "off", false);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static String push(String name) throws IOException {
        return TestImage.push(skopeo, registry, work, name);
    }

    static Path key(String name) {
        Path prefix = work.resolve(name);
        if (!Files.exists(work.resolve(name + ".private"))) {
            CliResult generated = Cli.run(List.of("generate-sigstore-key", "--output-prefix", prefix,
                    "--passphrase-file", passphraseFile));
            assertThat(generated.exitCode()).as(generated.describe()).isZero();
        }
        return prefix;
    }

    static Path policy(Path publicKey) {
        return Fixtures.write(work.resolve("policy-" + publicKey.getFileName() + ".json"),
                "{\"default\":[{\"type\":\"reject\"}],\"transports\":{"
                + "\"docker\":{\"\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + publicKey + "\"}]}}}");
    }

    static CliResult sign(Path key, String image, Path registriesDirectory, String... more) {
        List<Object> args = new ArrayList<>(List.of("sign", "--sign-by-sigstore-private-key", key, "--sign-passphrase-file",
                passphraseFile, "--registries.d", registriesDirectory, "--tls-verify=false"));
        args.addAll(List.of(more));
        args.add(image);
        return Cli.run(args);
    }

    static CliResult verify(Path publicKey, String image) {
        return Cli.run(List.of("verify", "--policy", policy(publicKey), "--registries.d", attachmentsOn,
                "--tls-verify=false", image));
    }

    static String attachment(String name, String digest) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                        + registry.hostPort() + "/v2/" + name + "/manifests/" + digest.replace(':', '-') + ".sig"))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void signsTheResolvedDigestAndVerifyAcceptsByTagAndByDigest() throws Exception {
        String digest = push("team/signed");
        Path key = key("team");
        String image = "docker://" + registry.hostPort() + "/team/signed:v1";

        CliResult signed = sign(key.resolveSibling("team.private"), image, attachmentsOn);
        assertThat(signed.exitCode()).as(signed.describe()).isZero();
        assertThat(signed.stdout()).contains("Signed " + digest + " as " + registry.hostPort() + "/team/signed:v1"
                + " with sigstore key " + key.resolveSibling("team.private") + ": " + registry.hostPort()
                + "/team/signed@" + digest);

        String manifest = attachment("team/signed", digest);
        assertThat(manifest).contains("\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\"")
                .contains("dev.cosignproject.cosign/signature");
        for (String name : List.of(image, "docker://" + registry.hostPort() + "/team/signed@" + digest)) {
            CliResult verified = verify(key.resolveSibling("team.pub"), name);
            assertThat(verified.exitCode()).as(verified.describe()).isZero();
        }
        CliResult otherKey = verify(key("stranger").resolveSibling("stranger.pub"), image);
        assertThat(otherKey.exitCode()).as(otherKey.describe()).isEqualTo(1);
    }

    @Test
    void addsToExistingAttachmentsAndKeepsTheEarlierSignatures() throws Exception {
        String digest = push("team/twice");
        String image = "docker://" + registry.hostPort() + "/team/twice:v1";
        Path first = key("first");
        Path second = key("second");

        assertThat(sign(first.resolveSibling("first.private"), image, attachmentsOn).exitCode()).isZero();
        assertThat(sign(second.resolveSibling("second.private"), image, attachmentsOn).exitCode()).isZero();

        String manifest = attachment("team/twice", digest);
        assertThat(manifest.split("dev.cosignproject.cosign/signature", -1)).hasSize(3);
        for (Path publicKey : List.of(first.resolveSibling("first.pub"), second.resolveSibling("second.pub"))) {
            CliResult verified = verify(publicKey, image);
            assertThat(verified.exitCode()).as(verified.describe()).isZero();
        }
    }

    @Test
    void skopeoCarriesTheAttachmentSignaturesOverAndVouchAcceptsTheCopy() throws Exception {
        push("team/copied");
        String image = "docker://" + registry.hostPort() + "/team/copied:v1";
        Path key = key("copier");
        assertThat(sign(key.resolveSibling("copier.private"), image, attachmentsOn).exitCode()).isZero();

        Path anything = Fixtures.write(work.resolve("anything.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        Path copy = work.resolve("copied-by-skopeo");
        GpgHome.Result copied = skopeo.run(List.of("--policy", anything.toString(), "--registries.d",
                attachmentsOn.toString(), "copy", "--quiet", "--src-tls-verify=false", image, "dir:" + copy));
        assertThat(copied.exitCode()).as(copied.stderr()).isZero();
        assertThat(copy.resolve("signature-1")).exists();

        Path dirPolicy = Fixtures.write(work.resolve("dir-policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"dir\":{\"\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\""
                + key.resolveSibling("copier.pub") + "\",\"signedIdentity\":{\"type\":\"exactRepository\","
                + "\"dockerRepository\":\"" + registry.hostPort() + "/team/copied\"}}]}}}");
        CliResult verified = Cli.run(List.of("verify", "--policy", dirPolicy, "dir:" + copy));
        assertThat(verified.exitCode()).as(verified.describe()).isZero();
    }

    @Test
    void refusesWhenRegistriesDoesNotEnableAttachments() throws Exception {
        String digest = push("team/off");
        CliResult result = sign(key("team").resolveSibling("team.private"),
                "docker://" + registry.hostPort() + "/team/off:v1", attachmentsOff);
        String error = result.assertOneLineUserError();
        assertThat(error).contains("writing sigstore attachments is disabled by configuration");
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + registry.hostPort() + "/v2/team/off/manifests/" + digest.replace(':', '-') + ".sig")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnImageThatDoesNotExistWithOneLine() {
        CliResult result = sign(key("team").resolveSibling("team.private"),
                "docker://" + registry.hostPort() + "/team/absent:v1", attachmentsOn);
        assertThat(result.assertOneLineUserError()).contains("manifest unknown");
    }

    /** vouch copy of a sigstore-signed dir: image into a registry writes the signature as an attachment. */
    @Test
    void vouchCopyCarriesASigstoreSignatureIntoTheAttachment() throws Exception {
        Path key = key("copy");
        String destination = registry.hostPort() + "/team/vouch-copied";
        Path source = work.resolve("copy-source");
        TestImage.write(source, "vouch-copied");
        CliResult signed = Cli.run(List.of("sign", "--sign-by-sigstore-private-key", key.resolveSibling("copy.private"),
                "--sign-passphrase-file", passphraseFile, "--sign-identity", destination + ":v1", "dir:" + source));
        assertThat(signed.exitCode()).as(signed.describe()).isZero();
        Path anything = Fixtures.write(work.resolve("copy-anything.json"),
                "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");

        CliResult copied = Cli.run(List.of("copy", "--quiet", "--policy", anything, "--registries.d", attachmentsOn,
                "--dest-tls-verify=false", "dir:" + source, "docker://" + destination + ":v1"));
        assertThat(copied.exitCode()).as(copied.describe()).isZero();

        CliResult verified = verify(key.resolveSibling("copy.pub"), "docker://" + destination + ":v1");
        assertThat(verified.exitCode()).as(verified.describe()).isZero();
    }
}
