package dev.vouch.signature.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeyringTest {

    static GpgHome gpg;
    static String alice;
    static String bob;

    @BeforeAll
    static void generateKeys() throws Exception {
        gpg = GpgHome.create();
        alice = gpg.generateKey(GpgKeySpec.ed25519("Alice <alice@example.com>"));
        bob = gpg.generateKey(GpgKeySpec.rsa("Bob <bob@example.com>"));
        gpg.addSubkey(bob, GpgKeySpec.subkey("rsa2048"));
    }

    @AfterAll
    static void cleanUp() {
        gpg.close();
    }

    @Test
    void readsBinaryExportOfSeveralKeys() throws Exception {
        assertThat(TrustedKeyring.fromBytes(gpg.exportPublicKeys(alice, bob)).fingerprints())
                .containsExactly(alice, bob);
    }

    @Test
    void readsConcatenatedBinaryKeyrings() throws Exception {
        byte[] both = concat(gpg.exportPublicKeys(alice), gpg.exportPublicKeys(bob));

        assertThat(TrustedKeyring.fromBytes(both).fingerprints()).containsExactly(alice, bob);
    }

    @Test
    void readsSeveralArmoredBlocksWithTextAround() throws Exception {
        byte[] text = ("Alice's key:\n" + new String(gpg.exportPublicKeysArmored(alice), StandardCharsets.US_ASCII)
                + "\nand Bob's:\n" + new String(gpg.exportPublicKeysArmored(bob), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(TrustedKeyring.fromBytes(text).fingerprints()).containsExactly(alice, bob);
    }

    @Test
    void fingerprintsAreUppercaseHexOfPrimaryKeysOnly() throws Exception {
        assertThat(TrustedKeyring.fromBytes(gpg.exportPublicKeys(bob)).fingerprints())
                .containsExactly(bob).allMatch(f -> f.matches("[0-9A-F]{40}"));
    }

    @Test
    void mergesCopiesOfTheSameKey() throws Exception {
        TrustedKeyring a = TrustedKeyring.fromBytes(gpg.exportPublicKeys(alice));
        TrustedKeyring ab = TrustedKeyring.fromBytes(gpg.exportPublicKeys(alice, bob));

        assertThat(TrustedKeyring.merge(a, ab).fingerprints()).containsExactly(alice, bob);
        assertThat(TrustedKeyring.fromBytes(concat(gpg.exportPublicKeys(alice), gpg.exportPublicKeys(alice)))
                .fingerprints()).containsExactly(alice);
    }

    @Test
    void rejectsEmptyData() {
        assertThatThrownBy(() -> TrustedKeyring.fromBytes(new byte[0])).isInstanceOf(InvalidKeyException.class)
                .hasMessage("key data: is empty");
    }

    @Test
    void rejectsGarbageNamingTheSource() {
        assertThatThrownBy(() -> TrustedKeyring.fromBytes(new byte[] {(byte) 0x99, 1, 2, 3}, "policy keyData"))
                .isInstanceOf(InvalidKeyException.class).hasMessageStartingWith("policy keyData: ");
        assertThatThrownBy(() -> TrustedKeyring.fromBytes("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidKeyException.class).hasMessageStartingWith("key data: ");
    }

    @Test
    void rejectsArmorWithoutKeys() {
        assertThatThrownBy(() -> TrustedKeyring.fromBytes("-----nothing here".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("contains no public keys");
    }

    @Test
    void rejectsSecretKeys() {
        byte[] secret = gpg.exportSecretKeys(alice, Optional.empty(), true);

        assertThatThrownBy(() -> TrustedKeyring.fromBytes(secret)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("found \"PGP PRIVATE KEY BLOCK\"");
    }

    @Test
    void rejectsDataOverTheSizeLimit() {
        byte[] huge = new byte[4 * 1024 * 1024 + 1];
        Arrays.fill(huge, (byte) 0x99);

        assertThatThrownBy(() -> TrustedKeyring.fromBytes(huge)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("more than the limit");
    }

    @Test
    void readsFilesAndNamesTheFileThatIsMissingOrInvalid(@TempDir Path dir) throws Exception {
        Path a = Files.write(dir.resolve("alice.gpg"), gpg.exportPublicKeys(alice));
        Path b = Files.write(dir.resolve("bob.asc"), gpg.exportPublicKeysArmored(bob));
        Path bad = Files.writeString(dir.resolve("bad.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n");
        Path missing = dir.resolve("missing.gpg");

        assertThat(TrustedKeyring.fromFiles(List.of(a, b)).fingerprints()).containsExactly(alice, bob);
        assertThatThrownBy(() -> TrustedKeyring.fromFiles(List.of(a, missing)))
                .isInstanceOf(InvalidKeyException.class).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> TrustedKeyring.fromFiles(List.of(bad, a)))
                .isInstanceOf(InvalidKeyException.class).hasMessageStartingWith(bad + ": ");
        assertThatThrownBy(() -> TrustedKeyring.fromFiles(List.of(dir)))
                .isInstanceOf(InvalidKeyException.class).hasMessageStartingWith(dir + ": ");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
