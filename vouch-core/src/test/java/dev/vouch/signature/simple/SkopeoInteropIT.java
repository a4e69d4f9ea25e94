package dev.vouch.signature.simple;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.GnupgHome;
import dev.vouch.signature.openpgp.SecretKeyFiles;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interoperability with the reference implementation, skopeo 1.9.3 (containers/image through gpgme). */
class SkopeoInteropIT {

    static final String SKOPEO = "/usr/bin/skopeo";
    static final String REFERENCE = "registry.example.com/team/app:v1";
    static final String PASSPHRASE = "interop passphrase";

    static GpgHome gpg;
    static String ed;
    static String rsa;
    static String protectedRsa;
    static Path manifest;
    static String digest;
    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        gpg = GpgHome.create();
        ed = gpg.generateKey(GpgKeySpec.ed25519("Ed <ed@example.com>"));
        rsa = gpg.generateKey(GpgKeySpec.rsa("RSA <rsa@example.com>"));
        protectedRsa = gpg.generateKey(GpgKeySpec.rsa("Protected <p@example.com>").passphrase(PASSPHRASE));
        byte[] manifestBytes = "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}\n".getBytes(StandardCharsets.UTF_8);
        manifest = Files.write(dir.resolve("manifest.json"), manifestBytes);
        digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifestBytes));
    }

    @AfterAll
    static void cleanUp() {
        gpg.close();
    }

    static GpgHome.Result skopeo(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(SKOPEO));
        command.addAll(List.of(args));
        return GpgHome.Processes.run(command, gpg.environment(), null);
    }

    static String fingerprint(String name) {
        return switch (name) {
            case "ed" -> ed;
            case "rsa" -> rsa;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed", "rsa"})
    void vouchVerifiesWhatSkopeoSigns(String keyName) throws Exception {
        String fingerprint = fingerprint(keyName);
        Path signature = dir.resolve("skopeo-" + keyName + ".sig");
        GpgHome.Result signed = skopeo("standalone-sign", manifest.toString(), REFERENCE, fingerprint,
                "-o", signature.toString());
        assertThat(signed.exitCode()).as(signed.stderr()).isZero();

        VerifiedSimpleSignature verified = SimpleSigningVerifier.verify(
                new UntrustedSimpleSignature(Files.readAllBytes(signature)),
                TrustedKeyring.fromBytes(gpg.exportPublicKeysArmored(fingerprint)), new RecordingRules(digest, REFERENCE));

        assertThat(verified.signerPrimaryFingerprint()).isEqualTo(fingerprint);
        assertThat(verified.dockerManifestDigest()).isEqualTo(digest);
        assertThat(verified.dockerReference()).isEqualTo(REFERENCE);
        assertThat(verified.creator()).isPresent();
        assertThat(verified.timestamp()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret key file", "gnupg home", "protected secret key file", "protected gnupg home"})
    void skopeoVerifiesWhatVouchSigns(String source) throws Exception {
        boolean isProtected = source.startsWith("protected");
        String fingerprint = isProtected ? protectedRsa : ed;
        Optional<char[]> passphrase = isProtected ? Optional.of(PASSPHRASE.toCharArray()) : Optional.empty();
        SigningKey key;
        if (source.endsWith("secret key file")) {
            Path secret = Files.write(dir.resolve(fingerprint + ".asc"),
                    gpg.exportSecretKeys(fingerprint, isProtected ? Optional.of(PASSPHRASE) : Optional.empty(), true));
            key = SecretKeyFiles.load(secret, passphrase, fingerprint);
        } else {
            key = GnupgHome.load(gpg.path(), fingerprint, passphrase);
        }
        UntrustedSimpleSignature signature = SimpleSigner.sign(key, digest, REFERENCE, Optional.of("vouch test"),
                Instant.now());
        Path file = Files.write(dir.resolve("vouch-" + source.replace(' ', '-') + ".sig"),
                signature.untrustedOpenPgpMessage());

        GpgHome.Result accepted = skopeo("standalone-verify", manifest.toString(), REFERENCE, fingerprint,
                file.toString());
        assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
        assertThat(accepted.stdoutText()).contains("Signature verified, digest " + digest);

        GpgHome.Result wrongIdentity = skopeo("standalone-verify", manifest.toString(),
                "registry.example.com/team/other:v1", fingerprint, file.toString());
        assertThat(wrongIdentity.exitCode()).as("skopeo really checks the identity").isNotZero();
    }
}
