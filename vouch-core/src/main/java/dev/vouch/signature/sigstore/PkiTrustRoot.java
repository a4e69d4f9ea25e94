package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A private PKI: trusted roots, optionally trusted intermediates, and the subject the signing certificate must
 * name (an e-mail SAN and/or a host name, at least one). {@link #verify} accepts a certificate that chains to a root
 * through the trusted intermediates and those of the chain annotation, valid (with its chain) at the time of
 * verification, allowing code signing, with the required subject. No Rekor SET is used with a PKI (a policy cannot
 * combine them), so there is no trusted signing time: the certificates must be valid now.
 */
public record PkiTrustRoot(List<X509Certificate> roots, List<X509Certificate> intermediates,
                           Optional<String> subjectEmail, Optional<String> subjectHostname) {

    public PkiTrustRoot {
        roots = List.copyOf(roots);
        intermediates = List.copyOf(intermediates);
        Objects.requireNonNull(subjectEmail, "subjectEmail");
        Objects.requireNonNull(subjectHostname, "subjectHostname");
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one PKI root certificate is required");
        }
        if (subjectEmail.filter(s -> !s.isEmpty()).isEmpty() && subjectHostname.filter(s -> !s.isEmpty()).isEmpty()) {
            throw new IllegalArgumentException("a PKI trust root needs a subject email or a subject hostname");
        }
    }

    /** Reads roots (non-certificate blocks skipped) and intermediates (every block must be a certificate) from PEM. */
    public static PkiTrustRoot fromPem(byte[] rootsPem, Optional<byte[]> intermediatesPem, Optional<String> subjectEmail,
                                       Optional<String> subjectHostname) throws InvalidTrustMaterialException {
        List<X509Certificate> roots = Certificates.trustedPool(rootsPem, "PKI CA roots certificates");
        List<X509Certificate> intermediates = new ArrayList<>();
        if (intermediatesPem.isPresent()) {
            try {
                intermediates.addAll(Certificates.strictList(intermediatesPem.get(),
                        SigstoreLimits.MAX_TRUSTED_CERTIFICATES));
            } catch (InvalidSignatureException e) {
                throw new InvalidTrustMaterialException("loading trusted intermediate certificates: " + e.getMessage(), e);
            }
        }
        return new PkiTrustRoot(roots, intermediates, subjectEmail, subjectHostname);
    }

    /**
     * @param now the time of verification
     * @param untrustedCertificatePem the certificate annotation (exactly one certificate)
     * @param untrustedChainPem the chain annotation, or empty
     * @return the certificate's public key, which must then verify the signature
     */
    public PublicKey verify(Instant now, byte[] untrustedCertificatePem, byte[] untrustedChainPem)
            throws InvalidSignatureException {
        List<X509Certificate> pool = new ArrayList<>(intermediates);
        pool.addAll(Certificates.untrustedIntermediates(untrustedChainPem));
        X509Certificate leaf = Certificates.leaf(untrustedCertificatePem);
        CertificatePaths.verify(leaf, pool, roots, now);
        if (subjectEmail.isPresent() && !subjectEmail.get().isEmpty()) {
            CertificateSubjects.requireEmail(leaf, subjectEmail.get());
        }
        if (subjectHostname.isPresent() && !subjectHostname.get().isEmpty()) {
            CertificateSubjects.requireHostname(leaf, subjectHostname.get());
        }
        return leaf.getPublicKey();
    }
}
