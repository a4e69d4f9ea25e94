package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rekor SET verification alone, on the published SET (rekor-set over rekor-payload, rekor-sig, fulcio-cert). */
class RekorSetTest {
    private static final byte[] SET = SigstoreFixtures.bytes("rekor-set");
    private static final byte[] PAYLOAD = SigstoreFixtures.bytes("rekor-payload");
    private static final String SIGNATURE = new String(SigstoreFixtures.bytes("rekor-sig"), StandardCharsets.US_ASCII);
    private static final byte[] CERTIFICATE = SigstoreFixtures.bytes("fulcio-cert");
    private static PublicKey rekor;
    private static KeyPair testRekor;
    private static KeyPair signer;
    private static byte[] signature;

    @BeforeAll
    static void keys() throws Exception {
        rekor = PublicKeyPem.parse(SigstoreFixtures.bytes("rekor.pub"));
        testRekor = TestKeys.ec("secp256r1");
        signer = TestKeys.ec("secp256r1");
        signature = TestKeys.sign(signer.getPrivate(), PAYLOAD);
    }

    @Test
    void acceptsThePublishedSetAndReturnsItsIntegrationTime() throws Exception {
        Instant time = RekorSet.verify(List.of(rekor), SET, CERTIFICATE, SIGNATURE, PAYLOAD);
        assertThat(time).isEqualTo(Instant.ofEpochSecond(1670870899));
    }

    @Test
    void acceptsWhenAnyOfSeveralRekorKeysSignedTheSet() throws Exception {
        PublicKey other = PublicKeyPem.parse(SigstoreFixtures.bytes("cosign.pub"));
        assertThat(RekorSet.verify(List.of(other, rekor), SET, CERTIFICATE, SIGNATURE, PAYLOAD)).isNotNull();
    }

    @Test
    void rejectsASetSignedByAnotherRekorKey() throws Exception {
        PublicKey wrong = PublicKeyPem.parse(SigstoreFixtures.bytes("cosign.pub"));
        assertThatThrownBy(() -> RekorSet.verify(List.of(wrong), SET, CERTIFICATE, SIGNATURE, PAYLOAD))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("cryptographic signature verification of the Rekor SET failed");
    }

    @Test
    void rejectsATamperedPayload() {
        byte[] tampered = new String(PAYLOAD, StandardCharsets.UTF_8).replace("alpine", "alpinf")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), SET, CERTIFICATE, SIGNATURE, tampered))
                .hasMessageContaining("payload hash in the Rekor SET does not match");
    }

    @Test
    void rejectsAnotherSignature() {
        String other = "MEUCIQClOJvH+5f5Gr+FLd1c+NS/a+TJQ+BDDoJcnlD0FKqI3AIgPVcMB5yb/JdtohCSzrxATJX6UcyWO+uAWO8Q7CNGnRQ=";
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), SET, CERTIFICATE, other, PAYLOAD))
                .hasMessageContaining("signature in the Rekor SET does not match");
    }

    @Test
    void rejectsAnotherCertificateOrKey() {
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), SET, SigstoreFixtures.bytes("pki-cert"), SIGNATURE,
                PAYLOAD)).hasMessageContaining("public key in the Rekor SET does not match");
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), SET, SigstoreFixtures.bytes("cosign.pub"), SIGNATURE,
                PAYLOAD)).hasMessageContaining("public key in the Rekor SET does not match");
    }

    @Test
    void rejectsACertificateWithTrailingData() {
        byte[] trailing = (new String(CERTIFICATE, StandardCharsets.US_ASCII) + "x").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), SET, trailing, SIGNATURE, PAYLOAD))
                .hasMessageContaining("trailing data");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a changed log index|\"logIndex\":8949589|\"logIndex\":8949590|Rekor SET failed",
        "a changed integration time|\"integratedTime\":1670870899|\"integratedTime\":1670870900|Rekor SET failed",
        "an unknown member|\"Payload\":{|\"Extra\":1,\"Payload\":{|unknown member",
        "a duplicate member|\"Payload\":{|\"SignedEntryTimestamp\":\"AA==\",\"Payload\":{|not valid JSON",
        "trailing data|}}|}}{}|not valid JSON",
        "a SET that is not base64|\"SignedEntryTimestamp\":\"MEY|\"SignedEntryTimestamp\":\"!MEY|not valid base64"})
    void rejectsAModifiedSet(String change, String from, String to, String message) {
        byte[] modified = new String(SET, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), modified, CERTIFICATE, SIGNATURE, PAYLOAD))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining(message);
    }

    @Test
    void rejectsAnOversizedSetBeforeParsingIt() {
        byte[] huge = new byte[SigstoreLimits.MAX_BUNDLE_BYTES + 1];
        assertThatThrownBy(() -> RekorSet.verify(List.of(rekor), huge, CERTIFICATE, SIGNATURE, PAYLOAD))
                .hasMessageContaining("larger than");
    }

    @Test
    void verifiesTheCanonicalFormOfAPayloadWrittenInAnotherOrder() throws Exception {
        Instant time = RekorSet.verify(List.of(testRekor.getPublic()), entry("hashedrekord", "0.0.1", "sha256"),
                key(), base64Signature(), PAYLOAD);
        assertThat(time).isEqualTo(Instant.ofEpochSecond(1700000000));
    }

    @ParameterizedTest(name = "kind {0}, version {1}, hash {2}")
    @CsvSource({"rekord,0.0.1,sha256,not of kind", "hashedrekord,0.0.2,sha256,unsupported hashedrekord version",
        "hashedrekord,0.0.1,sha512,unexpected data.hash.algorithm"})
    void acceptsOnlyHashedRekordVersion001WithSha256(String kind, String version, String hash, String message) {
        assertThatThrownBy(() -> RekorSet.verify(List.of(testRekor.getPublic()), entry(kind, version, hash), key(),
                base64Signature(), PAYLOAD)).hasMessageContaining(message);
    }

    private static byte[] key() {
        return PublicKeyPem.toPem(signer.getPublic());
    }

    private static String base64Signature() {
        return TestKeys.base64(signature);
    }

    private static byte[] entry(String kind, String version, String hash) throws Exception {
        String body = TestKeys.hashedRekord(kind, version, hash, key(), signature, PAYLOAD);
        return TestKeys.bundle(testRekor.getPrivate(), body, 1700000000).getBytes(StandardCharsets.UTF_8);
    }
}
