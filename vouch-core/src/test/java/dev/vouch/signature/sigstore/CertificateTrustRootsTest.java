package dev.vouch.signature.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fulcio and PKI certificate checks on the published certificates (fulcio-cert/-chain, pki-cert/-chain). */
class CertificateTrustRootsTest {
    private static final String ISSUER = "https://github.com/login/oauth";
    private static final String EMAIL = "mitr@redhat.com";
    /** The integration time of the published SET for fulcio-cert, inside its ten minutes of validity. */
    private static final Instant SIGNED = Instant.ofEpochSecond(1670870899);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] FULCIO_CERT = SigstoreFixtures.bytes("fulcio-cert");
    private static final byte[] FULCIO_CHAIN = SigstoreFixtures.bytes("fulcio-chain");
    private static final byte[] PKI_CERT = SigstoreFixtures.bytes("pki-cert");
    private static final byte[] PKI_CHAIN = SigstoreFixtures.bytes("pki-chain");

    private static FulcioTrustRoot fulcio(String issuer, String email) throws Exception {
        return FulcioTrustRoot.fromPem(SigstoreFixtures.bytes("fulcio_v1.crt.pem"), issuer, email);
    }

    private static PkiTrustRoot pki(Optional<String> email, Optional<String> hostname) throws Exception {
        return PkiTrustRoot.fromPem(SigstoreFixtures.bytes("pki_root_crts.pem"),
                Optional.of(SigstoreFixtures.bytes("pki_intermediate_crts.pem")), email, hostname);
    }

    @Test
    void acceptsTheFulcioCertificateAtItsRekorTime() throws Exception {
        PublicKey key = fulcio(ISSUER, EMAIL).verifyAt(SIGNED, FULCIO_CERT, FULCIO_CHAIN);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void rejectsTheFulcioCertificateOutsideItsValidity() {
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(NOW, FULCIO_CERT, FULCIO_CHAIN))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("verifying the leaf certificate failed");
    }

    @Test
    void rejectsAnotherEmailOrIssuer() {
        assertThatThrownBy(() -> fulcio(ISSUER, "someone@example.com").verifyAt(SIGNED, FULCIO_CERT, FULCIO_CHAIN))
                .hasMessageContaining("required email \"someone@example.com\" not found (got [mitr@redhat.com])");
        assertThatThrownBy(() -> fulcio("https://accounts.google.com", EMAIL).verifyAt(SIGNED, FULCIO_CERT,
                FULCIO_CHAIN)).hasMessageContaining("unexpected Fulcio OIDC issuer \"" + ISSUER + "\"");
    }

    @Test
    void needsTheIntermediateFromTheChainAnnotation() {
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(SIGNED, FULCIO_CERT, new byte[0]))
                .hasMessageContaining("verifying the leaf certificate failed");
    }

    @Test
    void rejectsACertificateIssuedByAnotherCa() {
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(NOW, PKI_CERT, PKI_CHAIN))
                .hasMessageContaining("verifying the leaf certificate failed");
    }

    @Test
    void rejectsSeveralCertificatesInTheCertificateAnnotation() {
        byte[] two = (new String(FULCIO_CERT, StandardCharsets.US_ASCII) + new String(FULCIO_CERT,
                StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(SIGNED, two, FULCIO_CHAIN))
                .hasMessageContaining("multiple certificates");
    }

    @Test
    void rejectsOversizedCertificatesAndChains() {
        byte[] big = new byte[SigstoreLimits.MAX_CHAIN_BYTES + 1];
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(SIGNED, big, FULCIO_CHAIN)).hasMessageContaining("larger");
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(SIGNED, FULCIO_CERT, big)).hasMessageContaining("larger");
    }

    @Test
    void rejectsAChainWithTooManyCertificates() {
        String one = new String(FULCIO_CHAIN, StandardCharsets.US_ASCII) + "\n";
        byte[] many = one.repeat(SigstoreLimits.MAX_CHAIN_CERTIFICATES).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> fulcio(ISSUER, EMAIL).verifyAt(SIGNED, FULCIO_CERT, many))
                .hasMessageContaining("more than " + SigstoreLimits.MAX_CHAIN_CERTIFICATES + " certificates");
    }

    @Test
    void rejectsCaFilesWithoutCertificates() {
        assertThatThrownBy(() -> FulcioTrustRoot.fromPem(SigstoreFixtures.bytes("cosign.pub"), ISSUER, EMAIL))
                .isInstanceOf(InvalidTrustMaterialException.class).hasMessageContaining("no certificate");
    }

    @Test
    void acceptsThePkiCertificateWithItsEmailAndHostname() throws Exception {
        assertThat(pki(Optional.of("qiwan@redhat.com"), Optional.of("myhost.example.com")).verify(NOW, PKI_CERT,
                PKI_CHAIN).getAlgorithm()).isEqualTo("RSA");
        assertThat(pki(Optional.empty(), Optional.of("MYHOST.example.com.")).verify(NOW, PKI_CERT, new byte[0]))
                .isNotNull();
    }

    @Test
    void rejectsAnotherPkiEmailOrHostname() {
        assertThatThrownBy(() -> pki(Optional.of("someone@redhat.com"), Optional.empty()).verify(NOW, PKI_CERT, PKI_CHAIN))
                .hasMessageContaining("required email \"someone@redhat.com\" not found");
        assertThatThrownBy(() -> pki(Optional.empty(), Optional.of("otherhost.example.com")).verify(NOW, PKI_CERT,
                PKI_CHAIN)).hasMessageContaining("unexpected subject hostname");
        assertThatThrownBy(() -> pki(Optional.of("qiwan@redhat.com"), Optional.of("example.com")).verify(NOW, PKI_CERT,
                PKI_CHAIN)).hasMessageContaining("unexpected subject hostname");
    }

    @Test
    void rejectsThePkiCertificateAfterItExpires() {
        assertThatThrownBy(() -> pki(Optional.of("qiwan@redhat.com"), Optional.empty())
                .verify(Instant.parse("2053-01-01T00:00:00Z"), PKI_CERT, PKI_CHAIN))
                .hasMessageContaining("verifying the leaf certificate failed");
    }

    @Test
    void rejectsAPkiCertificateWithoutAPathToTheRoots() throws Exception {
        PkiTrustRoot rootsOnly = PkiTrustRoot.fromPem(SigstoreFixtures.bytes("pki_root_crts.pem"), Optional.empty(),
                Optional.of("qiwan@redhat.com"), Optional.empty());
        assertThatThrownBy(() -> rootsOnly.verify(NOW, PKI_CERT, new byte[0]))
                .hasMessageContaining("verifying the leaf certificate failed");
        assertThat(rootsOnly.verify(NOW, PKI_CERT, PKI_CHAIN)).isNotNull();
    }
}
