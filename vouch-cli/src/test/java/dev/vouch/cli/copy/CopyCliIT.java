package dev.vouch.cli.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.Skopeo.Decision;
import dev.vouch.testing.registry.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vouch copy} and {@code vouch sign docker://} against real registries, with skopeo 1.9.3 as the judge of the
 * result: copies it accepts, digests it reads, and what a rejected or failed copy leaves behind (nothing).
 */
class CopyCliIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;
    static String plain;

    @BeforeAll
    static void startRegistries() throws Exception {
        fixture = RegistryFixture.start(work);
        plain = fixture.plain.hostPort();
    }

    @AfterAll
    static void stopRegistries() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static CliResult vouch(String... args) {
        return Cli.run(args);
    }

    static List<String> base(Path policy) {
        return new ArrayList<>(List.of("copy", "--policy", policy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--src-tls-verify=false", "--dest-tls-verify=false"));
    }

    static CliResult copy(Path policy, String... rest) {
        List<String> args = base(policy);
        args.addAll(List.of(rest));
        return Cli.run(args);
    }

    /** A signedBy policy accepting signatures for {@code signedPrefix} on images under {@code prefix}. */
    static Path remappedPolicy(String prefix, String signedPrefix) throws IOException {
        return Files.writeString(Files.createTempFile(work, "remap", ".json"), "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"docker\":{\"\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
                + fixture.trustedKeyFile + "\",\"signedIdentity\":{\"type\":\"remapIdentity\",\"prefix\":\"" + prefix
                + "\",\"signedPrefix\":\"" + signedPrefix + "\"}}]}}}");
    }

    static Skopeo.Outcome skopeoDecides(Path policy, String image) throws IOException {
        return fixture.skopeo.decide(policy, fixture.fileRegistriesDirectory, image, List.of("--src-tls-verify=false"),
                Files.createTempDirectory(work, "judge"));
    }

    static String skopeoDigest(String image) {
        return fixture.skopeo.runChecked(List.of("inspect", "--tls-verify=false", "--format", "{{.Digest}}", image))
                .stdoutText().strip();
    }

    static boolean skopeoFinds(String image) {
        return fixture.skopeo.run(List.of("inspect", "--raw", "--tls-verify=false", image)).exitCode() == 0;
    }

    @Test
    void copiesSignedImageWithItsLookasideSignatureMountingBlobsAndSkopeoAcceptsTheCopy() throws Exception {
        String source = "docker://" + plain + "/signed:v1";
        String target = "docker://" + plain + "/mirror/signed:v1";
        CliResult run = copy(fixture.signedByPolicy, source, target);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains(fixture.digests.get(plain + "/signed:v1"))
                .contains("2 mounted").contains("1 signatures");
        assertThat(skopeoDigest(target)).isEqualTo(fixture.digests.get(plain + "/signed:v1"));
        Path mirrorPolicy = remappedPolicy(plain + "/mirror/signed", plain + "/signed");
        assertThat(skopeoDecides(mirrorPolicy, target).decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(skopeoDecides(fixture.signedByPolicy, target).decision())
                .as("the copied signature names the source, not the mirror").isEqualTo(Decision.REJECTED);
    }

    @Test
    void copiesToAnotherRegistryWithCredentialsUploadingBlobs() throws Exception {
        String target = "docker://" + fixture.token.hostPort() + "/token/mirror:v1";
        CliResult run = copy(fixture.signedByPolicy, "--dest-creds", RegistryFixture.USER + ":"
                + RegistryFixture.PASSWORD, "docker://" + plain + "/signed:v1", target);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("2 blobs copied");
        Path policy = remappedPolicy(fixture.token.hostPort() + "/token/mirror", plain + "/signed");
        Skopeo.Outcome outcome = fixture.skopeo.decide(policy, fixture.fileRegistriesDirectory, target,
                List.of("--src-tls-verify=false", "--src-creds", RegistryFixture.USER + ":" + RegistryFixture.PASSWORD),
                Files.createTempDirectory(work, "judge"));
        assertThat(outcome.decision()).as(outcome.stderr()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void signByAddsASignatureForTheDestinationThatSkopeoAccepts() throws Exception {
        String target = "docker://" + plain + "/resigned:v1";
        CliResult run = copy(fixture.acceptAnythingPolicy, "--sign-by", fixture.trustedKey, "--gpg-home",
                fixture.gpg.path().toString(), "docker://" + plain + "/unsigned:v1", target);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Skopeo.Outcome outcome = skopeoDecides(fixture.signedByPolicy, target);
        assertThat(outcome.decision()).as(outcome.stderr()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void signDockerImageInPlaceKeepsExistingSignaturesAndSkopeoAcceptsIt() throws Exception {
        String image = "docker://" + plain + "/tosign:v1";
        fixture.push(fixture.plain, "tosign:v1", "to-sign", java.util.Optional.of(fixture.otherKey), List.of());
        assertThat(skopeoDecides(fixture.signedByPolicy, image).decision()).isEqualTo(Decision.REJECTED);
        CliResult run = vouch("sign", "--sign-by", fixture.trustedKey, "--gpg-home", fixture.gpg.path().toString(),
                "--registries.d", fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", image);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String digest = fixture.digests.get(plain + "/tosign:v1");
        assertThat(run.stdout()).contains("Signed " + digest + " as " + plain + "/tosign:v1");
        Path signatures = fixture.lookaside.resolve("tosign@" + digest.replace(':', '='));
        assertThat(signatures.resolve("signature-1")).exists();
        assertThat(signatures.resolve("signature-2")).exists();
        Skopeo.Outcome outcome = skopeoDecides(fixture.signedByPolicy, image);
        assertThat(outcome.decision()).as(outcome.stderr()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void roundTripThroughDirOciAndOciArchiveKeepsTheDigest() throws Exception {
        String digest = fixture.digests.get(plain + "/signed:v1");
        Path dir = work.resolve("round/dir");
        Files.createDirectories(dir.getParent());
        Path layout = work.resolve("round/layout");
        Path archive = work.resolve("round/image.tar");
        String back = "docker://" + plain + "/roundtrip:v1";
        assertThat(copy(fixture.signedByPolicy, "docker://" + plain + "/signed:v1", "dir:" + dir).exitCode()).isZero();
        assertThat(dir.resolve("signature-1")).exists();
        assertThat(copy(fixture.acceptAnythingPolicy, "--remove-signatures", "dir:" + dir, "oci:" + layout + ":v1")
                .exitCode()).isZero();
        assertThat(copy(fixture.acceptAnythingPolicy, "oci:" + layout + ":v1", "oci-archive:" + archive + ":v1")
                .exitCode()).isZero();
        CliResult last = copy(fixture.acceptAnythingPolicy, "oci-archive:" + archive + ":v1", back);
        assertThat(last.exitCode()).as(last.describe()).isZero();
        assertThat(skopeoDigest(back)).isEqualTo(digest);
        assertThat(skopeoDigest("oci:" + layout + ":v1")).isEqualTo(digest);
        assertThat(skopeoDigest("oci-archive:" + archive + ":v1")).isEqualTo(digest);
        assertThat(skopeoDigest("dir:" + dir)).isEqualTo(digest);
    }

    @Test
    void ociDestinationRefusesSignaturesAsSkopeoDoes() throws Exception {
        Path dir = work.resolve("refuse/dir");
        Files.createDirectories(dir.getParent());
        assertThat(copy(fixture.signedByPolicy, "docker://" + plain + "/signed:v1", "dir:" + dir).exitCode()).isZero();
        Path layout = work.resolve("refuse/layout");
        CliResult run = copy(fixture.acceptAnythingPolicy, "dir:" + dir, "oci:" + layout + ":v1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.assertOneLineUserError()).contains("Pushing signatures for OCI images is not supported");
        assertThat(layout.resolve("index.json")).doesNotExist();
        var skopeo = fixture.skopeo.run(List.of("copy", "dir:" + dir, "oci:" + work.resolve("refuse/skopeo") + ":v1"));
        assertThat(skopeo.exitCode()).isNotZero();
        assertThat(skopeo.stderr()).contains("Pushing signatures for OCI images is not supported");
    }

    @Test
    void removeSignaturesCopiesNone() throws Exception {
        Path dir = work.resolve("nosig/dir");
        Files.createDirectories(dir.getParent());
        CliResult run = copy(fixture.signedByPolicy, "--remove-signatures", "docker://" + plain + "/signed:v1",
                "dir:" + dir);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("0 signatures");
        assertThat(dir.resolve("manifest.json")).exists();
        assertThat(dir.resolve("signature-1")).doesNotExist();
    }

    @Test
    void policyRejectionWritesNothing() throws Exception {
        Path dir = work.resolve("rejected/dir");
        Files.createDirectories(dir.getParent());
        CliResult toDir = copy(fixture.signedByPolicy, "docker://" + plain + "/unsigned:v1", "dir:" + dir);
        assertThat(toDir.exitCode()).isEqualTo(1);
        assertThat(toDir.stderr()).contains("Source image rejected");
        assertThat(dir).doesNotExist();
        assertThat(dir.getParent()).isEmptyDirectory();
        String target = "docker://" + plain + "/rejected:v1";
        CliResult toRegistry = copy(fixture.signedByPolicy, "docker://" + plain + "/wrongkey:v1", target);
        assertThat(toRegistry.exitCode()).isEqualTo(1);
        assertThat(skopeoFinds(target)).isFalse();
    }

    @Test
    void destinationThatRefusesAccessFailsInOneLineAndWritesNoManifest() throws Exception {
        String target = "docker://" + fixture.basic.hostPort() + "/basic/refused:v1";
        CliResult run = copy(fixture.signedByPolicy, "docker://" + plain + "/signed:v1", target);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.assertOneLineUserError()).contains(target).contains("refused access");
        CliResult check = Cli.run(List.of("inspect", "--tls-verify=false", "--creds", RegistryFixture.USER + ":"
                + RegistryFixture.PASSWORD, target));
        assertThat(check.exitCode()).isNotZero();
    }

    @Test
    void corruptSourceBlobFailsInOneLineAndLeavesNoDirectory() throws Exception {
        Path source = work.resolve("corrupt/source");
        byte[] manifest = TestImage.write(source, "corrupt");
        String layer = layerOf(manifest);
        Files.writeString(source.resolve(layer), "not the layer", StandardCharsets.UTF_8);
        Path target = work.resolve("corrupt/target");
        CliResult run = copy(fixture.acceptAnythingPolicy, "dir:" + source, "dir:" + target);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.assertOneLineUserError()).contains("does not match its digest");
        assertThat(target).doesNotExist();
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("source");
        }
    }

    @Test
    void copiesMultiPlatformIndexWithAllAndTheAmd64InstanceWithout() throws Exception {
        Path layout = work.resolve("multi/layout");
        MultiPlatformLayout.Written written = MultiPlatformLayout.write(layout, work.resolve("multi/parts"));
        String target = "docker://" + plain + "/multi:v1";
        CliResult all = copy(fixture.acceptAnythingPolicy, "--all", "oci:" + layout + ":v1", target);
        assertThat(all.exitCode()).as(all.describe()).isZero();
        assertThat(all.stdout()).contains(written.indexDigest());
        String raw = fixture.skopeo.runChecked(List.of("inspect", "--raw", "--tls-verify=false", target)).stdoutText();
        assertThat(TestImage.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(written.indexDigest()
                .substring("sha256:".length()));
        for (String instance : written.instanceDigests()) {
            assertThat(skopeoFinds("docker://" + plain + "/multi@" + instance)).isTrue();
        }

        Path ours = work.resolve("multi/ours");
        Path theirs = work.resolve("multi/theirs");
        assertThat(copy(fixture.acceptAnythingPolicy, target, "dir:" + ours).exitCode()).isZero();
        fixture.skopeo.runChecked(List.of("copy", "--src-tls-verify=false", target, "dir:" + theirs));
        assertThat(Files.readAllBytes(ours.resolve("manifest.json")))
                .isEqualTo(Files.readAllBytes(theirs.resolve("manifest.json")));
        assertThat(TestImage.sha256(Files.readAllBytes(ours.resolve("manifest.json"))))
                .isEqualTo(written.instanceDigests().get(0).substring("sha256:".length()));
    }

    @Test
    void allSignsTheIndexAndEveryInstanceAndSkopeoAcceptsThem() throws Exception {
        Path layout = work.resolve("multisign/layout");
        MultiPlatformLayout.Written written = MultiPlatformLayout.write(layout, work.resolve("multisign/parts"));
        String target = "docker://" + plain + "/multisigned:v1";
        CliResult run = copy(fixture.acceptAnythingPolicy, "--all", "--sign-by", fixture.trustedKey, "--gpg-home",
                fixture.gpg.path().toString(), "oci:" + layout + ":v1", target);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains(written.indexDigest()).contains("3 signatures");
        Skopeo.Outcome all = fixture.skopeo.decide(fixture.signedByPolicy, fixture.fileRegistriesDirectory, target,
                List.of("--src-tls-verify=false", "--all"), Files.createTempDirectory(work, "judge"));
        assertThat(all.decision()).as(all.stderr()).isEqualTo(Decision.ACCEPTED);
        assertThat(skopeoDecides(fixture.signedByPolicy, target).decision()).isEqualTo(Decision.ACCEPTED);

        Path dir = work.resolve("multisign/dir");
        CliResult again = copy(fixture.signedByPolicy, "--all", target, "dir:" + dir);
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(dir.resolve("signature-1")).exists();
        for (String instance : written.instanceDigests()) {
            String hex = instance.substring("sha256:".length());
            assertThat(dir.resolve(hex + ".manifest.json")).exists();
            assertThat(dir.resolve(hex + ".signature-1")).exists();
        }
    }

    @Test
    void allRejectsAnIndexWhoseInstancesAreUnsignedAsSkopeoDoes() throws Exception {
        Path layout = work.resolve("halfsigned/layout");
        MultiPlatformLayout.write(layout, work.resolve("halfsigned/parts"));
        String target = "docker://" + plain + "/halfsigned:v1";
        assertThat(copy(fixture.acceptAnythingPolicy, "--all", "oci:" + layout + ":v1", target).exitCode()).isZero();
        CliResult sign = vouch("sign", "--sign-by", fixture.trustedKey, "--gpg-home", fixture.gpg.path().toString(),
                "--registries.d", fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", target);
        assertThat(sign.exitCode()).as(sign.describe()).isZero();
        Skopeo.Outcome skopeo = fixture.skopeo.decide(fixture.signedByPolicy, fixture.fileRegistriesDirectory, target,
                List.of("--src-tls-verify=false", "--all"), Files.createTempDirectory(work, "judge"));
        assertThat(skopeo.decision()).as(skopeo.stderr()).isEqualTo(Decision.REJECTED);
        Path dir = work.resolve("halfsigned/dir");
        CliResult run = copy(fixture.signedByPolicy, "--all", target, "dir:" + dir);
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(dir).doesNotExist();
    }

    static String layerOf(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        int layers = text.indexOf("\"layers\"");
        int at = text.indexOf("sha256:", layers);
        return text.substring(at + "sha256:".length(), at + "sha256:".length() + 64);
    }
}
