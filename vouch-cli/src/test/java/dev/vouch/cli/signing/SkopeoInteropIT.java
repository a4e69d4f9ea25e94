package dev.vouch.cli.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.cli.harness.Fixtures;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vouch's signing commands against the reference implementation: skopeo 1.9.3 accepts what vouch signs, and vouch
 * accepts what skopeo signs, with Ed25519 and RSA keys and a key that signs with a subkey. Keys are made once per
 * class by the real gpg in a throw-away home.
 */
class SkopeoInteropIT {
    private static final String SKOPEO = "/usr/bin/skopeo";
    private static final String IDENTITY = "quay.io/vouch/interop:1.0";
    private static final String PASSPHRASE = "interop passphrase";

    @TempDir
    static Path dir;
    static GpgHome gpg;
    /** Signing keys: name, primary fingerprint, fingerprint of the key that signs (the subkey, if any). */
    static List<Key> keys = new ArrayList<>();
    static Key rsaWithPassphrase;
    static Path passphraseFile;
    static Path publicKeys;
    static Path manifest;

    record Key(String name, String primary, String signing, Optional<String> passphrase) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void keys() throws IOException {
        gpg = GpgHome.create();
        String ed = gpg.generateKey(GpgKeySpec.ed25519("Interop Ed25519 <ed@vouch.invalid>"));
        keys.add(new Key("ed25519", ed, ed, Optional.empty()));
        String rsa = gpg.generateKey(GpgKeySpec.rsa("Interop RSA <rsa@vouch.invalid>").passphrase(PASSPHRASE));
        rsaWithPassphrase = new Key("rsa2048 with passphrase", rsa, rsa, Optional.of(PASSPHRASE));
        keys.add(rsaWithPassphrase);
        String primary = gpg.generateKey(GpgKeySpec.ed25519("Interop Subkey <sub@vouch.invalid>").usage("cert"));
        String subkey = gpg.addSubkey(primary, GpgKeySpec.subkey("ed25519"));
        keys.add(new Key("ed25519 signing subkey", primary, subkey, Optional.empty()));
        passphraseFile = Fixtures.write(dir.resolve("passphrase"), PASSPHRASE + "\n");
        publicKeys = dir.resolve("trusted.gpg");
        Files.write(publicKeys, gpg.exportPublicKeysArmored(ed, rsa, primary));
        manifest = Fixtures.unsignedImage(dir, "manifest-source").resolve("manifest.json");
    }

    @AfterAll
    static void killAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    static Stream<Key> allKeys() {
        return keys.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allKeys")
    void skopeoAcceptsWhatVouchSignsFromAGnupgHome(Key key) {
        Path signature = dir.resolve("vouch-home-" + key.signing() + ".sig");

        ok(Cli.run(withPassphrase(key, List.of("standalone-sign", manifest, IDENTITY, key.primary(), "--output",
                signature, "--gpg-home", gpg.path()))));

        GpgHome.Result skopeo = skopeo("standalone-verify", manifest.toString(), IDENTITY, key.signing(),
                signature.toString());
        assertThat(skopeo.exitCode()).as(skopeo.stderr()).isZero();
        // skopeo 1.9.3 prints no fingerprint here; vouch prints the later skopeo form "using fingerprint ..."
        assertThat(skopeo.stdoutText()).startsWith("Signature verified");
    }

    @Test
    void skopeoAcceptsWhatVouchSignsWithAKeyFileAndPassphraseFile() {
        Path keyFile = dir.resolve("rsa.sec.asc");
        Fixtures.write(keyFile, new String(gpg.exportSecretKeys(rsaWithPassphrase.primary(), Optional.of(PASSPHRASE),
                true), java.nio.charset.StandardCharsets.US_ASCII));
        Path signature = dir.resolve("vouch-keyfile.sig");

        ok(Cli.run(List.of("standalone-sign", manifest, IDENTITY, rsaWithPassphrase.primary(), "-o", signature,
                "--key-file", keyFile, "--passphrase-file", passphraseFile)));

        GpgHome.Result skopeo = skopeo("standalone-verify", manifest.toString(), IDENTITY,
                rsaWithPassphrase.primary(), signature.toString());
        assertThat(skopeo.exitCode()).as(skopeo.stderr()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allKeys")
    void vouchAcceptsWhatSkopeoSigns(Key key) {
        Path signature = skopeoSign(key, "skopeo-" + key.signing() + ".sig");

        CliResult fromHome = ok(Cli.run(List.of("standalone-verify", manifest, IDENTITY, key.primary(), signature,
                "--gpg-home", gpg.path())));
        assertThat(fromHome.stdout()).contains("Signature verified using fingerprint " + key.signing());
        ok(Cli.run(List.of("standalone-verify", manifest, IDENTITY, key.signing(), signature,
                "--public-key-file", publicKeys)));
        ok(Cli.run(List.of("standalone-verify", manifest, IDENTITY, "any", signature, "--public-key-file",
                publicKeys)));
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("another reference", "quay.io/vouch/interop:2.0", false, false),
                Arguments.of("another repository", "quay.io/vouch/other:1.0", false, false),
                Arguments.of("another manifest", IDENTITY, true, false),
                Arguments.of("another fingerprint", IDENTITY, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void mismatchFailsVerificationInBothImplementations(String mismatch, String reference, boolean otherManifest,
                                                         boolean otherFingerprint) throws IOException {
        Key key = keys.get(0);
        Path signature = skopeoSign(key, "mismatch.sig");
        Path checked = manifest;
        if (otherManifest) {
            checked = Fixtures.write(dir.resolve("other-manifest.json"),
                    Files.readString(manifest).replace("\"size\":135", "\"size\":136"));
        }
        String fingerprint = otherFingerprint ? keys.get(1).signing() : key.signing();

        CliResult vouch = Cli.run(List.of("standalone-verify", checked, reference, fingerprint, signature,
                "--gpg-home", gpg.path()));
        GpgHome.Result skopeo = skopeo("standalone-verify", checked.toString(), reference, fingerprint,
                signature.toString());

        assertThat(vouch.exitCode()).as(vouch.describe()).isEqualTo(1);
        assertThat(vouch.stderrLines()).hasSize(1);
        assertThat(vouch.stderrLines().get(0)).startsWith("vouch: signature verification failed: ");
        vouch.assertNoStackTrace();
        assertThat(skopeo.exitCode()).as("skopeo also refuses: " + skopeo.stderr()).isNotZero();
    }

    static Stream<Key> primaryKeys() {
        return keys.stream().filter(k -> k.signing().equals(k.primary()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primaryKeys")
    void skopeoCopiesADirImageThatVouchSigned(Key key) throws IOException {
        Path image = Fixtures.unsignedImage(dir, "signed-by-vouch-" + key.signing());
        Path policy = exactReferencePolicy(IDENTITY);

        ok(Cli.run(withPassphrase(key, List.of("sign", "--sign-by", key.primary(), "--sign-identity", IDENTITY,
                "--gpg-home", gpg.path(), "dir:" + image))));

        Path out = dir.resolve("copied-" + key.signing());
        GpgHome.Result copy = skopeo("--policy", policy.toString(), "copy", "dir:" + image, "dir:" + out);
        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(out.resolve("signature-1")).exists();
        CliResult verify = Cli.run(List.of("verify", "--policy", policy, "dir:" + image));
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
    }

    /**
     * A known difference: containers/image as in skopeo 1.9.3 compares the signing (sub)key's fingerprint with the
     * primary fingerprints of the signedBy key file, so it refuses signatures made by a signing subkey; vouch
     * accepts a bound signing subkey of a trusted primary key (FORMATS.md), as later containers/image does.
     */
    @Test
    void signatureBySigningSubkeyIsAcceptedByVouchButNotBySkopeo193() {
        Key key = keys.get(2);
        Path image = Fixtures.unsignedImage(dir, "signed-by-subkey");
        Path policy = exactReferencePolicy(IDENTITY);
        ok(Cli.run(List.of("sign", "--sign-by", key.primary(), "--sign-identity", IDENTITY, "--gpg-home",
                gpg.path(), "dir:" + image)));

        GpgHome.Result copy = skopeo("--policy", policy.toString(), "copy", "dir:" + image,
                "dir:" + dir.resolve("subkey-copy"));
        CliResult verify = Cli.run(List.of("verify", "--policy", policy, "dir:" + image));

        assertThat(copy.exitCode()).isNotZero();
        assertThat(copy.stderr()).contains("Signature by key " + key.signing() + " is not accepted");
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(verify.stdout()).contains("signed by " + key.primary());
    }

    @Test
    void signingTwiceAddsASecondSignatureThatBothImplementationsAccept() {
        Key key = keys.get(0);
        Path image = Fixtures.unsignedImage(dir, "signed-twice");
        List<Object> sign = List.of("sign", "--sign-by", key.primary(), "--sign-identity", IDENTITY, "--gpg-home",
                gpg.path(), "dir:" + image);

        assertThat(ok(Cli.run(sign)).stdout()).contains(image.resolve("signature-1").toString());
        assertThat(ok(Cli.run(sign)).stdout()).contains(image.resolve("signature-2").toString());

        assertThat(image.resolve("signature-3")).doesNotExist();
        Path out = dir.resolve("copied-twice");
        GpgHome.Result copy = skopeo("--policy", exactReferencePolicy(IDENTITY).toString(), "copy", "dir:" + image,
                "dir:" + out);
        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(out.resolve("signature-2")).exists();
        CliResult verify = ok(Cli.run(List.of("verify", "--policy", exactReferencePolicy(IDENTITY), "dir:" + image)));
        assertThat(verify.stdout()).contains("signature 1 (simple-signing): accepted",
                "signature 2 (simple-signing): accepted");
    }

    @Test
    void bothImplementationsRejectAnImageSignedForAnotherIdentity() {
        Key key = keys.get(0);
        Path image = Fixtures.unsignedImage(dir, "other-identity");
        ok(Cli.run(List.of("sign", "--sign-by", key.primary(), "--sign-identity", "quay.io/vouch/other:1.0",
                "--gpg-home", gpg.path(), "dir:" + image)));
        Path policy = exactReferencePolicy(IDENTITY);

        GpgHome.Result copy = skopeo("--policy", policy.toString(), "copy", "dir:" + image,
                "dir:" + dir.resolve("not-copied"));
        CliResult verify = Cli.run(List.of("verify", "--policy", policy, "dir:" + image));

        assertThat(copy.exitCode()).as(copy.stderr()).isNotZero();
        assertThat(verify.exitCode()).as(verify.describe()).isEqualTo(1);
    }

    private static Path skopeoSign(Key key, String name) {
        Path signature = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("standalone-sign", manifest.toString(), IDENTITY,
                key.signing() + (key.signing().equals(key.primary()) ? "" : "!"), "--output", signature.toString()));
        if (key.passphrase().isPresent()) {
            command.addAll(List.of("--passphrase-file", passphraseFile.toString()));
        }
        GpgHome.Result result = skopeo(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return signature;
    }

    private static Path exactReferencePolicy(String identity) {
        return Fixtures.write(dir.resolve("exact-" + identity.replaceAll("[^a-z0-9]", "_") + ".json"), """
                {"default": [{"type": "reject"}],
                 "transports": {"dir": {"": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s",
                   "signedIdentity": {"type": "exactReference", "dockerReference": "%s"}}]}}}
                """.formatted(publicKeys, identity));
    }

    private static List<Object> withPassphrase(Key key, List<Object> args) {
        List<Object> all = new ArrayList<>(args);
        if (key.passphrase().isPresent()) {
            all.addAll(List.of("--passphrase-file", passphraseFile));
        }
        return all;
    }

    private static GpgHome.Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of(SKOPEO));
        command.addAll(List.of(args));
        return GpgHome.Processes.run(command, gpg.environment(), null);
    }

    private static CliResult ok(CliResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }
}
