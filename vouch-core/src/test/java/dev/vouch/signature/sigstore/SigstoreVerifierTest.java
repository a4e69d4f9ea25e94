package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigstoreVerifierTest {
    private static final String DIGEST = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";
    private static final UntrustedSigstoreSignature VALID = SigstoreFixtures.signature("dir-img-cosign-valid/signature-1");
    private static PublicKey cosign;
    private static PublicKey cosign2;

    /** Records what it was asked, accepts everything. */
    private static final class Recording implements SigstoreRules {
        final List<String> seen = new ArrayList<>();

        @Override
        public void checkManifestDigest(String digest) {
            seen.add(digest);
        }

        @Override
        public void checkDockerReference(String reference) {
            seen.add(reference);
        }
    }

    @BeforeAll
    static void keys() throws Exception {
        cosign = PublicKeyPem.parse(SigstoreFixtures.bytes("cosign.pub"));
        cosign2 = PublicKeyPem.parse(SigstoreFixtures.bytes("cosign2.pub"));
    }

    private static SigstoreTrust keys(PublicKey... keys) {
        return new SigstoreTrust.PublicKeys(List.of(keys), List.of());
    }

    @Test
    void acceptsACosignSignatureAndAppliesTheRulesInOrder() throws Exception {
        Recording rules = new Recording();
        VerifiedSigstoreSignature verified = SigstoreVerifier.verify(VALID, keys(cosign), rules);
        assertThat(rules.seen).containsExactly(DIGEST, "192.168.64.2:5000/cosign-signed-single-sample");
        assertThat(verified.signer()).isEqualTo("the public key");
        assertThat(verified.signerKeyFingerprint()).isEqualTo(SigstoreVerifier.fingerprint(cosign));
        assertThat(verified.rekorIntegratedTime()).isEmpty();
    }

    @Test
    void acceptsWhenAnyOfSeveralKeysVerifies() throws Exception {
        VerifiedSigstoreSignature verified = SigstoreVerifier.verify(VALID, keys(cosign2, cosign), new Recording());
        assertThat(verified.signer()).isEqualTo("public key 2");
    }

    @Test
    void rejectsASignatureByAnUnknownKeyWithoutReadingThePayload() {
        UntrustedSigstoreSignature unknown = SigstoreFixtures.signature("unknown-cosign-key.signature");
        Recording rules = new Recording();
        assertThatThrownBy(() -> SigstoreVerifier.verify(unknown, keys(cosign, cosign2), rules))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("cryptographic signature verification failed");
        assertThat(rules.seen).isEmpty();
    }

    @Test
    void rejectsATamperedPayload() {
        String payload = new String(VALID.untrustedPayload(), StandardCharsets.UTF_8).replace("sample", "sampl3");
        UntrustedSigstoreSignature tampered = new UntrustedSigstoreSignature(VALID.mimeType(),
                payload.getBytes(StandardCharsets.UTF_8), VALID.untrustedAnnotations());
        assertThatThrownBy(() -> SigstoreVerifier.verify(tampered, keys(cosign), new Recording()))
                .hasMessageContaining("cryptographic signature verification failed");
    }

    @Test
    void rejectsASignatureWithoutTheSignatureAnnotation() {
        UntrustedSigstoreSignature bare = SigstoreFixtures.withAnnotations(VALID, Map::clear);
        assertThatThrownBy(() -> SigstoreVerifier.verify(bare, keys(cosign), new Recording()))
                .hasMessage("missing dev.cosignproject.cosign/signature annotation");
    }

    @Test
    void rejectsAnOversizedSignatureAnnotation() {
        UntrustedSigstoreSignature big = SigstoreFixtures.withAnnotations(VALID, a -> a.put(
                UntrustedSigstoreSignature.SIGNATURE_ANNOTATION, "A".repeat(SigstoreLimits.MAX_SIGNATURE_ANNOTATION_BYTES + 4)));
        assertThatThrownBy(() -> SigstoreVerifier.verify(big, keys(cosign), new Recording()))
                .hasMessageContaining("larger than");
    }

    @Test
    void aRuleThatRejectsRejectsTheSignature() {
        SigstoreRules refuseDigest = new SigstoreRules() {
            @Override
            public void checkManifestDigest(String digest) throws InvalidSignatureException {
                throw new InvalidSignatureException("wrong digest");
            }

            @Override
            public void checkDockerReference(String reference) {
            }
        };
        assertThatThrownBy(() -> SigstoreVerifier.verify(VALID, keys(cosign), refuseDigest)).hasMessage("wrong digest");
    }

    @Test
    void verifiesRsaEd25519AndP384Signatures() throws Exception {
        for (KeyPair pair : new KeyPair[] {TestKeys.rsa(), TestKeys.ed25519(), TestKeys.ec("secp384r1")}) {
            byte[] payload = VALID.untrustedPayload();
            UntrustedSigstoreSignature signed = new UntrustedSigstoreSignature(VALID.mimeType(), payload, Map.of(
                    UntrustedSigstoreSignature.SIGNATURE_ANNOTATION,
                    TestKeys.base64(TestKeys.sign(pair.getPrivate(), payload))));
            assertThat(SigstoreVerifier.verify(signed, keys(cosign, pair.getPublic()), new Recording()).signer())
                    .as(pair.getPublic().getAlgorithm()).isEqualTo("public key 2");
        }
    }

    @Test
    void withRekorKeysRequiresASetForTheKeyThatSigned() throws Exception {
        UntrustedSigstoreSignature rekorSigned = SigstoreFixtures.signature("dir-img-cosign-key-rekor-valid/signature-1");
        PublicKey rekor = PublicKeyPem.parse(SigstoreFixtures.bytes("rekor.pub"));
        VerifiedSigstoreSignature verified = SigstoreVerifier.verify(rekorSigned,
                new SigstoreTrust.PublicKeys(List.of(cosign, cosign2), List.of(rekor)), new Recording());
        assertThat(verified.signer()).isEqualTo("public key 2");
        assertThat(verified.rekorIntegratedTime()).hasValueSatisfying(t -> assertThat(t.getEpochSecond())
                .isEqualTo(1674251859L));
        assertThatThrownBy(() -> SigstoreVerifier.verify(rekorSigned,
                new SigstoreTrust.PublicKeys(List.of(cosign), List.of(rekor)), new Recording()))
                .hasMessageContaining("no public key verified against the Rekor SET");
        assertThatThrownBy(() -> SigstoreVerifier.verify(VALID,
                new SigstoreTrust.PublicKeys(List.of(cosign), List.of(rekor)), new Recording()))
                .hasMessage("missing dev.sigstore.cosign/bundle annotation");
    }

    @Test
    void rekorKeysMustBeEcdsa() throws Exception {
        PublicKey rsa = PublicKeyPem.parse(SigstoreFixtures.bytes("some-rsa-key.pub"));
        assertThatThrownBy(() -> new SigstoreTrust.PublicKeys(List.of(cosign), List.of(rsa)))
                .hasMessageContaining("not using ECDSA");
    }
}
