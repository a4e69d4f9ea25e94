package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeyPemTest {

    @Test
    void readsTheCosignEcdsaKey() throws Exception {
        PublicKey key = PublicKeyPem.parse(SigstoreFixtures.bytes("cosign.pub"));
        assertThat(key).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) key).getParams().getOrder().bitLength()).isEqualTo(256);
    }

    @Test
    void readsThePublishedRsaKey() throws Exception {
        PublicKey key = PublicKeyPem.parse(SigstoreFixtures.bytes("some-rsa-key.pub"));
        assertThat(key).isInstanceOf(RSAPublicKey.class);
        assertThat(((RSAPublicKey) key).getModulus().bitLength()).isGreaterThanOrEqualTo(2048);
    }

    @Test
    void readsAPkcs1RsaPublicKey() throws Exception {
        RSAPublicKey rsa = (RSAPublicKey) PublicKeyPem.parse(SigstoreFixtures.bytes("some-rsa-key.pub"));
        byte[] pkcs1 = new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())
                .getEncoded();
        PublicKey key = PublicKeyPem.parse(pem("RSA PUBLIC KEY", pkcs1));
        assertThat(key.getEncoded()).isEqualTo(rsa.getEncoded());
    }

    @Test
    void readsEd25519AndP384KeysAndRoundTripsThemThroughPem() throws Exception {
        for (PublicKey original : new PublicKey[] {TestKeys.ed25519().getPublic(), TestKeys.ec("secp384r1").getPublic()}) {
            PublicKey parsed = PublicKeyPem.parse(PublicKeyPem.toPem(original));
            assertThat(parsed.getEncoded()).isEqualTo(original.getEncoded());
        }
    }

    @Test
    void usesOnlyTheFirstPemBlock() throws Exception {
        byte[] two = (new String(SigstoreFixtures.bytes("cosign.pub"), StandardCharsets.US_ASCII)
                + new String(SigstoreFixtures.bytes("cosign2.pub"), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(PublicKeyPem.parse(two).getEncoded())
                .isEqualTo(PublicKeyPem.parse(SigstoreFixtures.bytes("cosign.pub")).getEncoded());
    }

    @Test
    void rejectsAnUnsupportedKeyAlgorithm() throws Exception {
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        byte[] pem = pem("PUBLIC KEY", dsa.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> PublicKeyPem.parse(pem)).isInstanceOf(InvalidTrustMaterialException.class)
                .hasMessageContaining("unsupported public key algorithm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a key", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"})
    void rejectsWhatIsNotAPublicKey(String text) {
        assertThatThrownBy(() -> PublicKeyPem.parse(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidTrustMaterialException.class);
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
