package dev.vouch.signature.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.SecretKeyFiles;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each verification rule, proven with signatures made by the real gpg. */
class SimpleSigningVerifierTest {

    static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String REFERENCE = "registry.example.com/team/app:v1";
    static final byte[] PAYLOAD = new SimpleSigningPayload(DIGEST, REFERENCE, Optional.of("test creator"),
            Optional.of(1_700_000_000L)).toJson();
    static final Instant NOW = Instant.now();
    static final Instant TEN_DAYS_AGO = NOW.minus(Duration.ofDays(10));

    static GpgHome gpg;
    static TrustedKeyring trusted;
    static String rsa;
    static String ed;
    static String withSubkey;
    static String signingSubkey;
    static String untrusted;
    static String revokedKey;
    static String revokedSubkeyPrimary;
    static String revokedSubkey;
    static byte[] byExpiredKey;
    static byte[] expiredSignature;
    static byte[] byRevokedSubkey;
    static byte[] byRevokedKey;

    @BeforeAll
    static void generateKeys() throws Exception {
        gpg = GpgHome.create();
        rsa = gpg.generateKey(GpgKeySpec.rsa("RSA signer <rsa@example.com>"));
        ed = gpg.generateKey(GpgKeySpec.ed25519("Ed25519 signer <ed@example.com>"));
        gpg.addSubkey(ed, GpgKeySpec.subkey("cv25519").usage("encr"));
        withSubkey = gpg.generateKey(GpgKeySpec.ed25519("Subkey signer <sub@example.com>").usage("cert"));
        signingSubkey = gpg.addSubkey(withSubkey, GpgKeySpec.subkey("ed25519"));
        untrusted = gpg.generateKey(GpgKeySpec.ed25519("Stranger <stranger@example.com>"));

        String expiredKey = gpg.generateKey(GpgKeySpec.ed25519("Expired <expired@example.com>")
                .expire("1d").createdAt(TEN_DAYS_AGO));
        byExpiredKey = gpg.signWith(expiredKey, Optional.empty(), Optional.of(TEN_DAYS_AGO.plusSeconds(3600)),
                PAYLOAD, List.of("--sign"));

        String oldKey = gpg.generateKey(GpgKeySpec.ed25519("Old key <old@example.com>").createdAt(TEN_DAYS_AGO));
        expiredSignature = gpg.signWith(oldKey, Optional.empty(), Optional.of(NOW.minus(Duration.ofDays(5))),
                PAYLOAD, List.of("--default-sig-expire", "1d", "--sign"));

        revokedSubkeyPrimary = gpg.generateKey(GpgKeySpec.ed25519("Revoked subkey <rs@example.com>").usage("cert"));
        revokedSubkey = gpg.addSubkey(revokedSubkeyPrimary, GpgKeySpec.subkey("ed25519"));
        byRevokedSubkey = gpg.sign(revokedSubkeyPrimary, PAYLOAD);
        gpg.revokeSubkey(revokedSubkeyPrimary, revokedSubkey, Optional.empty());

        revokedKey = gpg.generateKey(GpgKeySpec.ed25519("Revoked <revoked@example.com>"));
        byRevokedKey = gpg.sign(revokedKey, PAYLOAD);
        gpg.revokeKey(revokedKey);

        trusted = TrustedKeyring.fromBytes(gpg.exportPublicKeys(rsa, ed, withSubkey, expiredKey, oldKey,
                revokedSubkeyPrimary, revokedKey));
    }

    @AfterAll
    static void cleanUp() {
        gpg.close();
    }

    static VerifiedSimpleSignature verify(byte[] blob) throws InvalidSignatureException {
        return SimpleSigningVerifier.verify(new UntrustedSimpleSignature(blob), trusted,
                new RecordingRules(DIGEST, REFERENCE));
    }

    static void assertRejected(byte[] blob, String reason) {
        assertThatThrownBy(() -> verify(blob)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void acceptsSignatureByRsaPrimaryKey() throws Exception {
        VerifiedSimpleSignature verified = verify(gpg.sign(rsa, PAYLOAD));

        assertThat(verified.signerPrimaryFingerprint()).isEqualTo(rsa);
        assertThat(verified.signingKeyFingerprint()).isEqualTo(rsa);
        assertThat(verified.dockerManifestDigest()).isEqualTo(DIGEST);
        assertThat(verified.dockerReference()).isEqualTo(REFERENCE);
        assertThat(verified.creator()).contains("test creator");
        assertThat(verified.timestamp()).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(verified.signatureCreationTime()).isBetween(NOW.minusSeconds(5), Instant.now());
    }

    @Test
    void acceptsSignatureByEd25519Key() throws Exception {
        assertThat(verify(gpg.sign(ed, PAYLOAD)).signerPrimaryFingerprint()).isEqualTo(ed);
    }

    @Test
    void acceptsSignatureBySigningSubkeyAndReportsBothFingerprints() throws Exception {
        VerifiedSimpleSignature verified = verify(gpg.sign(withSubkey, PAYLOAD));

        assertThat(verified.signerPrimaryFingerprint()).isEqualTo(withSubkey);
        assertThat(verified.signingKeyFingerprint()).isEqualTo(signingSubkey);
    }

    @Test
    void acceptsArmoredSignature() throws Exception {
        byte[] armored = gpg.sign(ed, PAYLOAD, "--armor");
        assertThat(new String(armored, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PGP MESSAGE-----");

        assertThat(verify(armored).dockerReference()).isEqualTo(REFERENCE);
    }

    @Test
    void acceptsCompressedAndUncompressedSignatures() throws Exception {
        byte[] compressed = gpg.sign(rsa, PAYLOAD, "--compress-algo", "zlib");
        byte[] uncompressed = gpg.sign(rsa, PAYLOAD, "--compress-algo", "none");
        assertThat(compressed[0] & 0xff).isIn(0xA3, 0xC8);
        assertThat(uncompressed[0] & 0xff).isIn(0x90, 0xC4);

        assertThat(verify(compressed).dockerManifestDigest()).isEqualTo(DIGEST);
        assertThat(verify(uncompressed).dockerManifestDigest()).isEqualTo(DIGEST);
    }

    @Test
    void rejectsSignatureByKeyOutsideTrustedKeyring() {
        assertRejected(gpg.sign(untrusted, PAYLOAD), "not among the trusted keys");
    }

    @Test
    void rejectsUntrustedKeyBeforeLookingAtThePayload() {
        assertRejected(gpg.sign(untrusted, "not json".getBytes(StandardCharsets.UTF_8)), "not among the trusted keys");
    }

    @Test
    void rejectsSignatureMadeByExpiredKey() {
        assertRejected(byExpiredKey, "expired at");
    }

    @Test
    void rejectsSignatureMadeByRevokedSubkey() {
        assertRejected(byRevokedSubkey, "subkey " + revokedSubkey + " of key " + revokedSubkeyPrimary
                + " is revoked");
    }

    @Test
    void rejectsSignatureMadeByRevokedKey() {
        assertRejected(byRevokedKey, "key " + revokedKey + " is revoked");
    }

    @Test
    void rejectsExpiredSignature() {
        assertRejected(expiredSignature, "signature expired at");
    }

    @Test
    void rejectsModifiedPayload() {
        byte[] blob = gpg.sign(ed, PAYLOAD, "--compress-algo", "none");
        int at = indexOf(blob, "atomic".getBytes(StandardCharsets.US_ASCII));
        blob[at] ^= 0x01;

        assertRejected(blob, "does not verify");
    }

    @Test
    void rejectsCleartextSignature() {
        assertRejected(gpg.clearsign(ed, PAYLOAD), "cleartext signature is not accepted");
    }

    @Test
    void rejectsDetachedSignature() {
        assertRejected(gpg.detachSign(ed, PAYLOAD, false), "detached signature");
        assertRejected(gpg.detachSign(ed, PAYLOAD, true), "detached signature");
    }

    @Test
    void rejectsLiteralDataWithoutSignature() {
        assertRejected(gpg.store(PAYLOAD), "literal data without a signature");
    }

    @Test
    void rejectsEncryptedMessages() {
        assertRejected(gpg.encryptAndSign(rsa, ed, PAYLOAD), "encrypted message is not accepted");
        assertRejected(gpg.encryptSymmetric(PAYLOAD), "encrypted message is not accepted");
    }

    @Test
    void rejectsTwoSignatures() {
        byte[] twice = gpg.signWith(rsa, Optional.empty(), Optional.empty(), PAYLOAD,
                List.of("--local-user", ed, "--sign"));

        assertRejected(twice, "exactly one signature is accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "garbage", "second message"})
    void rejectsDataAfterTheSignature(String trailer) {
        byte[] blob = gpg.sign(ed, PAYLOAD, "--compress-algo", "none");
        byte[] extra = trailer.equals("second message") ? blob : trailer.getBytes(StandardCharsets.US_ASCII);

        assertRejected(concat(blob, extra), "after the signature");
    }

    @Test
    void rejectsDataAfterTheCompressedMessage() {
        byte[] blob = gpg.sign(ed, PAYLOAD, "--compress-algo", "zlib");

        assertRejected(concat(blob, blob), "after the compressed data");
    }

    @Test
    void rejectsMarkerPacket() {
        byte[] marker = {(byte) 0xA8, 0x03, 'P', 'G', 'P'};

        assertRejected(concat(marker, gpg.sign(ed, PAYLOAD, "--compress-algo", "none")), "marker packet");
    }

    @Test
    void rejectsCompressionBomb(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.gpg");
        Files.write(secret, gpg.exportSecretKeys(ed, Optional.empty(), false));
        SigningKey key = SecretKeyFiles.load(secret, Optional.empty(), ed);
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] inner = key.signMessage(huge, Instant.now());
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        PGPCompressedDataGenerator compressor = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB);
        try (OutputStream out = compressor.open(bomb)) {
            out.write(inner);
        }
        assertThat(bomb.size()).isLessThan(100_000);

        assertRejected(bomb.toByteArray(), "decompressed data is larger than the limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"d\"},"
            + "\"type\":\"atomic container signature\",\"extra\":1},\"optional\":{}}|unknown member \"extra\"",
        "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"d\"},"
            + "\"type\":\"atomic container signature\",\"type\":\"atomic container signature\"},\"optional\":{}}"
            + "|Duplicate field",
        "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"d\"},"
            + "\"type\":\"cosign container image signature\"},\"optional\":{}}|unrecognized signature type",
    })
    void rejectsInvalidPayloadSignedByTrustedKey(String row) {
        String[] parts = row.split("\\|");

        assertRejected(gpg.sign(ed, parts[0].getBytes(StandardCharsets.UTF_8)), parts[1]);
    }

    @Test
    void rejectsSignatureForAnotherManifestThroughTheRules() {
        RecordingRules rules = new RecordingRules("sha256:" + "f".repeat(64), REFERENCE);

        assertThatThrownBy(() -> SimpleSigningVerifier.verify(new UntrustedSimpleSignature(gpg.sign(ed, PAYLOAD)),
                trusted, rules)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("signature is for manifest " + DIGEST);
        assertThat(rules.calls).containsExactly("digest");
    }

    @Test
    void rejectsIdentityNotAcceptedByTheRulesAfterCheckingTheDigest() {
        RecordingRules rules = new RecordingRules(DIGEST, "registry.example.com/other:v1");

        assertThatThrownBy(() -> SimpleSigningVerifier.verify(new UntrustedSimpleSignature(gpg.sign(ed, PAYLOAD)),
                trusted, rules)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("signature is for " + REFERENCE);
        assertThat(rules.calls).containsExactly("digest", "reference");
    }

    @Test
    void acceptsExpiredKeySignatureOnlyAtATimeWhenTheKeyWasValid() throws Exception {
        VerifiedSimpleSignature verified = SimpleSigningVerifier.verify(new UntrustedSimpleSignature(byExpiredKey),
                trusted, new RecordingRules(DIGEST, REFERENCE), TEN_DAYS_AGO.plusSeconds(7200));

        assertThat(verified.dockerReference()).isEqualTo(REFERENCE);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
