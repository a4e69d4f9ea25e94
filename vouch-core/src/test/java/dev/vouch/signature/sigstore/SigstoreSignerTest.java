package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SigstoreSignerTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String REFERENCE = "registry.example.com/team/app:1.4";
    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L);

    /** Accepts exactly the expected digest and reference. */
    private static final SigstoreRules EXPECTED = new SigstoreRules() {
        @Override
        public void checkManifestDigest(String digest) throws InvalidSignatureException {
            if (!digest.equals(DIGEST)) {
                throw new InvalidSignatureException("digest " + digest);
            }
        }

        @Override
        public void checkDockerReference(String reference) throws InvalidSignatureException {
            if (!reference.equals(REFERENCE)) {
                throw new InvalidSignatureException("reference " + reference);
            }
        }
    };

    static List<SigstorePrivateKeysTest.KeyType> keyTypes() throws Exception {
        return SigstorePrivateKeysTest.keyTypes().toList();
    }

    @Test
    void writesThePayloadAsContainersImageDoes() {
        byte[] payload = SigstoreSigner.payload(DIGEST, REFERENCE, Optional.of("vouch 1.0"), TIME, Map.of());
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("{\"critical\":{\"identity\":"
                + "{\"docker-reference\":\"registry.example.com/team/app:1.4\"},\"image\":{\"docker-manifest-digest\":\""
                + DIGEST + "\"},\"type\":\"cosign container image signature\"},\"optional\":{\"creator\":\"vouch 1.0\","
                + "\"timestamp\":1700000000}}");
    }

    @Test
    void putsAnnotationsIntoOptionalSortedAndEscapedAsGoDoes() throws Exception {
        byte[] payload = SigstoreSigner.payload(DIGEST, REFERENCE, Optional.empty(), TIME,
                Map.of("zeta", "<z>", "alpha", "a\"b"));
        assertThat(new String(payload, StandardCharsets.UTF_8)).endsWith("\"optional\":{\"alpha\":\"a\\\"b\","
                + "\"timestamp\":1700000000,\"zeta\":\"\\u003cz\\u003e\"}}");
        SigstorePayload parsed = SigstorePayload.parse(payload);
        assertThat(parsed.timestamp()).contains(1_700_000_000L);
        assertThat(parsed.creator()).isEmpty();
    }

    @Test
    void refusesAnnotationsThatWouldReplaceCreatorOrTimestamp() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        assertThatThrownBy(() -> SigstoreSigner.sign(pair.getPrivate(), DIGEST, REFERENCE, Optional.empty(), TIME,
                Map.of("timestamp", "0"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void signaturesOfEveryKeyTypeVerifyThroughTheVerifierAndTheStorageForm(SigstorePrivateKeysTest.KeyType type)
            throws Exception {
        byte[] encrypted = SigstorePrivateKeys.encrypt(type.pair().getPrivate(), "pw".toCharArray());
        UntrustedSigstoreSignature signature = SigstoreSigner.sign(
                SigstorePrivateKeys.read(encrypted, "pw"::toCharArray), DIGEST, REFERENCE, Optional.of("vouch test"),
                TIME, Map.of("team", "platform"));
        assertThat(signature.mimeType()).isEqualTo(UntrustedSigstoreSignature.COSIGN_SIMPLE_SIGNING_MEDIA_TYPE);
        assertThat(signature.untrustedAnnotations()).containsOnlyKeys(UntrustedSigstoreSignature.SIGNATURE_ANNOTATION);

        UntrustedSigstoreSignature stored = (UntrustedSigstoreSignature) SignatureEnvelope.decode(
                SignatureEnvelope.encode(signature));
        VerifiedSigstoreSignature verified = SigstoreVerifier.verify(stored,
                new SigstoreTrust.PublicKeys(List.of(type.pair().getPublic()), List.of()), EXPECTED);
        assertThat(verified.signerKeyFingerprint()).isEqualTo(SigstoreVerifier.fingerprint(type.pair().getPublic()));
    }

    @Test
    void aSignatureDoesNotVerifyWithAnotherKeyOrForAnotherDigest() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        UntrustedSigstoreSignature signature = SigstoreSigner.sign(pair.getPrivate(), DIGEST, REFERENCE,
                Optional.empty(), TIME, Map.of());
        assertThatThrownBy(() -> SigstoreVerifier.verify(signature, new SigstoreTrust.PublicKeys(
                List.of(TestKeys.ec("secp256r1").getPublic()), List.of()), EXPECTED))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("cryptographic signature verification failed");
        UntrustedSigstoreSignature other = SigstoreSigner.sign(pair.getPrivate(), "sha256:" + "f".repeat(64),
                REFERENCE, Optional.empty(), TIME, Map.of());
        assertThatThrownBy(() -> SigstoreVerifier.verify(other, new SigstoreTrust.PublicKeys(
                List.of(pair.getPublic()), List.of()), EXPECTED))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("digest");
    }
}
