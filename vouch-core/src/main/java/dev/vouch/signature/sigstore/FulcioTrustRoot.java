package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Fulcio CA and the identity its certificates must carry. {@link #verifyAt} accepts a certificate that chains to
 * the CA (through the intermediates of the chain annotation) at a given time, allows code signing, records
 * {@code oidcIssuer} (see {@link FulcioIssuer}) and lists {@code subjectEmail} among its e-mail SANs. The SCT is not
 * checked (neither does containers/image: the Rekor SET, mandatory with Fulcio, already logs the certificate).
 */
public record FulcioTrustRoot(List<X509Certificate> caCertificates, String oidcIssuer, String subjectEmail) {

    public FulcioTrustRoot {
        caCertificates = List.copyOf(caCertificates);
        if (caCertificates.isEmpty()) {
            throw new IllegalArgumentException("at least one Fulcio CA certificate is required");
        }
        if (Objects.requireNonNull(oidcIssuer, "oidcIssuer").isEmpty()) {
            throw new IllegalArgumentException("the Fulcio OIDC issuer must not be empty");
        }
        if (Objects.requireNonNull(subjectEmail, "subjectEmail").isEmpty()) {
            throw new IllegalArgumentException("the Fulcio subject email must not be empty");
        }
    }

    /** Reads the CA certificates from PEM (blocks that are not certificates are skipped; at least one is needed). */
    public static FulcioTrustRoot fromPem(byte[] caPem, String oidcIssuer, String subjectEmail)
            throws InvalidTrustMaterialException {
        return new FulcioTrustRoot(Certificates.trustedPool(caPem, "Fulcio CA certificates"), oidcIssuer, subjectEmail);
    }

    /**
     * @param time when the certificate (and its whole chain) must be valid: the Rekor entry's integration time
     * @param untrustedCertificatePem the certificate annotation (exactly one certificate)
     * @param untrustedChainPem the chain annotation, or empty
     * @return the certificate's public key, which must then verify the signature
     */
    public PublicKey verifyAt(Instant time, byte[] untrustedCertificatePem, byte[] untrustedChainPem)
            throws InvalidSignatureException {
        List<X509Certificate> intermediates = Certificates.untrustedIntermediates(untrustedChainPem);
        X509Certificate leaf = Certificates.leaf(untrustedCertificatePem);
        CertificatePaths.verify(leaf, intermediates, caCertificates, time);
        String issuer = FulcioIssuer.of(leaf);
        if (!issuer.equals(oidcIssuer)) {
            throw new InvalidSignatureException("unexpected Fulcio OIDC issuer \"" + issuer + "\", expected \""
                    + oidcIssuer + "\"");
        }
        CertificateSubjects.requireEmail(leaf, subjectEmail);
        return leaf.getPublicKey();
    }
}
