package dev.vouch.signature.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SecretKeyFiles and GnupgHome against keys made by gpg; what they sign, gpg and the verifier accept. */
class SigningKeyLoadingTest {

    static final String PASSPHRASE = "correct horse battery staple";
    static final byte[] DATA = "signed content".getBytes(StandardCharsets.UTF_8);

    static GpgHome gpg;
    static String plainEd;
    static String protectedRsa;
    static String protectedEd;
    static String withSubkeys;
    static String olderSubkey;
    static String newerSubkey;
    @TempDir
    static Path exports;

    @BeforeAll
    static void generateKeys() throws Exception {
        gpg = GpgHome.create();
        plainEd = gpg.generateKey(GpgKeySpec.ed25519("Plain <plain@example.com>"));
        protectedRsa = gpg.generateKey(GpgKeySpec.rsa("Protected RSA <rsa@example.com>").passphrase(PASSPHRASE));
        protectedEd = gpg.generateKey(GpgKeySpec.ed25519("Protected Ed <ed@example.com>").passphrase(PASSPHRASE));
        Instant now = Instant.now();
        withSubkeys = gpg.generateKey(GpgKeySpec.ed25519("Subkeys <sub@example.com>").usage("cert")
                .createdAt(now.minus(Duration.ofDays(3))));
        olderSubkey = gpg.addSubkey(withSubkeys, GpgKeySpec.subkey("ed25519").createdAt(now.minus(Duration.ofDays(2))));
        newerSubkey = gpg.addSubkey(withSubkeys, GpgKeySpec.subkey("rsa2048").createdAt(now.minus(Duration.ofDays(1))));
    }

    @AfterAll
    static void cleanUp() {
        gpg.close();
    }

    static Path exportSecret(String fingerprint, Optional<String> passphrase, boolean armor) throws Exception {
        Path file = exports.resolve(fingerprint + (armor ? ".asc" : ".gpg"));
        return Files.write(file, gpg.exportSecretKeys(fingerprint, passphrase, armor));
    }

    static Optional<char[]> passphrase(String text) {
        return Optional.of(text.toCharArray());
    }

    /** gpg itself accepts the signed message as a good signature by {@code signingFingerprint}. */
    static void assertGpgVerifies(SigningKey key, String signingFingerprint) throws Exception {
        byte[] message = key.signMessage(DATA, Instant.now());
        GpgHome.Result result = gpg.run(message, List.of("--status-fd", "1", "--verify"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdoutText()).contains("[GNUPG:] VALIDSIG " + signingFingerprint);
        TrustedKeyring keys = TrustedKeyring.fromBytes(gpg.exportPublicKeys(key.primaryFingerprint()));
        VerifiedMessage verified = SignedMessageVerifier.verify(message, keys);
        assertThat(verified.content()).isEqualTo(DATA);
        assertThat(verified.signingKeyFingerprint()).isEqualTo(signingFingerprint);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void secretKeyFilesLoadsBinaryAndArmoredExports(boolean armor) throws Exception {
        SigningKey key = SecretKeyFiles.load(exportSecret(plainEd, Optional.empty(), armor), Optional.empty(), plainEd);

        assertThat(key.primaryFingerprint()).isEqualTo(plainEd);
        assertGpgVerifies(key, plainEd);
    }

    @Test
    void secretKeyFilesUnlocksProtectedRsaKey() throws Exception {
        Path file = exportSecret(protectedRsa, Optional.of(PASSPHRASE), false);

        assertGpgVerifies(SecretKeyFiles.load(file, passphrase(PASSPHRASE), protectedRsa), protectedRsa);
    }

    @Test
    void wrongPassphraseIsReportedWithoutThePassphrase() throws Exception {
        Path file = exportSecret(protectedRsa, Optional.of(PASSPHRASE), false);

        assertThatThrownBy(() -> SecretKeyFiles.load(file, passphrase("hunter2"), protectedRsa))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("wrong passphrase")
                .message().doesNotContain("hunter2").doesNotContain(PASSPHRASE);
        assertThatThrownBy(() -> GnupgHome.load(gpg.path(), protectedEd, passphrase("hunter2")))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("wrong passphrase")
                .message().doesNotContain("hunter2").doesNotContain(PASSPHRASE);
    }

    @Test
    void protectedKeyWithoutPassphraseIsRefused() throws Exception {
        Path file = exportSecret(protectedRsa, Optional.of(PASSPHRASE), false);

        assertThatThrownBy(() -> SecretKeyFiles.load(file, Optional.empty(), protectedRsa))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("is protected by a passphrase");
        assertThatThrownBy(() -> GnupgHome.load(gpg.path(), protectedRsa, Optional.empty()))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("is protected by a passphrase");
    }

    @Test
    void primaryFingerprintSelectsTheNewestSigningSubkeyAsGpgDoes() throws Exception {
        SigningKey fromFile = SecretKeyFiles.load(exportSecret(withSubkeys, Optional.empty(), true), Optional.empty(),
                withSubkeys);
        SigningKey fromHome = GnupgHome.load(gpg.path(), withSubkeys, Optional.empty());

        for (SigningKey key : List.of(fromFile, fromHome)) {
            assertThat(key.primaryFingerprint()).isEqualTo(withSubkeys);
            assertThat(key.signingKeyFingerprint()).isEqualTo(newerSubkey);
            assertGpgVerifies(key, newerSubkey);
        }
    }

    @Test
    void subkeyFingerprintSelectsThatSubkey() throws Exception {
        SigningKey key = GnupgHome.load(gpg.path(), olderSubkey, Optional.empty());

        assertThat(key.primaryFingerprint()).isEqualTo(withSubkeys);
        assertThat(key.signingKeyFingerprint()).isEqualTo(olderSubkey);
        assertGpgVerifies(key, olderSubkey);
    }

    @Test
    void gnupgHomeLoadsEd25519AndRsaKeysProtectedOrNot() throws Exception {
        assertGpgVerifies(GnupgHome.load(gpg.path(), plainEd, Optional.empty()), plainEd);
        assertGpgVerifies(GnupgHome.load(gpg.path(), protectedRsa, passphrase(PASSPHRASE)), protectedRsa);
        assertGpgVerifies(GnupgHome.load(gpg.path(), protectedEd, passphrase(PASSPHRASE)), protectedEd);
    }

    @Test
    void gnupgHomeAcceptsLegacyPubringGpg(@TempDir Path home) throws Exception {
        Files.write(home.resolve("pubring.gpg"), gpg.exportPublicKeys(plainEd));
        Path keys = Files.createDirectory(home.resolve("private-keys-v1.d"));
        try (var files = Files.list(gpg.path().resolve("private-keys-v1.d"))) {
            for (Path file : files.toList()) {
                Files.copy(file, keys.resolve(file.getFileName()));
            }
        }

        assertGpgVerifies(GnupgHome.load(home, plainEd, Optional.empty()), plainEd);
    }

    @Test
    void fingerprintIsCaseInsensitiveButKeyIdsAreRefused() throws Exception {
        assertThat(GnupgHome.load(gpg.path(), plainEd.toLowerCase(Locale.ROOT), Optional.empty())
                .primaryFingerprint()).isEqualTo(plainEd);
        assertThatThrownBy(() -> GnupgHome.load(gpg.path(), plainEd.substring(24), Optional.empty()))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("is a key ID; give the full fingerprint");
    }

    @Test
    void unknownFingerprintIsReported(@TempDir Path empty) throws Exception {
        String unknown = "0".repeat(40);

        assertThatThrownBy(() -> GnupgHome.load(gpg.path(), unknown, Optional.empty()))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("no public key with fingerprint " + unknown);
        assertThatThrownBy(() -> SecretKeyFiles.load(exportSecret(plainEd, Optional.empty(), false), Optional.empty(),
                unknown)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("no secret key with fingerprint " + unknown);
        assertThatThrownBy(() -> GnupgHome.load(empty, plainEd, Optional.empty()))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("no pubring.kbx or pubring.gpg");
    }

    @Test
    void toStringShowsOnlyFingerprints() throws Exception {
        SigningKey key = GnupgHome.load(gpg.path(), withSubkeys, Optional.empty());

        assertThat(key).hasToString("SigningKey[" + withSubkeys + ", subkey " + newerSubkey + "]");
    }
}
