package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verification of a leaf certificate as Go's {@code x509.Certificate.Verify} does it for containers/image: a path
 * from the leaf through the given intermediates to one of the roots (PKIX: signatures, CA basic constraints, path
 * lengths, name constraints, no unknown critical extensions), every certificate of the path, root included, valid
 * at {@code time}, and code signing allowed by the extended key usages of every certificate that lists any.
 * No revocation checking (neither does the reference).
 */
final class CertificatePaths {
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private CertificatePaths() {
    }

    static void verify(X509Certificate leaf, List<X509Certificate> intermediates, List<X509Certificate> roots,
                       Instant time) throws InvalidSignatureException {
        Date date = Date.from(time);
        PKIXCertPathBuilderResult result;
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate root : roots) {
                anchors.add(new TrustAnchor(root, null));
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(date);
            List<X509Certificate> store = new ArrayList<>(intermediates);
            store.add(leaf);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidSignatureException("verifying the leaf certificate failed: " + e.getMessage(), e);
        }
        X509Certificate root = result.getTrustAnchor().getTrustedCert();
        if (date.before(root.getNotBefore()) || date.after(root.getNotAfter())) {
            throw new InvalidSignatureException("verifying the leaf certificate failed: the CA certificate "
                    + root.getSubjectX500Principal().getName() + " is not valid at " + time);
        }
        List<X509Certificate> path = new ArrayList<>();
        for (var certificate : result.getCertPath().getCertificates()) {
            path.add((X509Certificate) certificate);
        }
        path.add(root);
        for (X509Certificate certificate : path) {
            requireCodeSigning(certificate);
        }
    }

    private static void requireCodeSigning(X509Certificate certificate) throws InvalidSignatureException {
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new InvalidSignatureException("invalid extended key usage in " + name(certificate), e);
        }
        if (usages == null || usages.isEmpty() || usages.contains(ANY_EXTENDED_KEY_USAGE)
                || usages.contains(CODE_SIGNING)) {
            return;
        }
        throw new InvalidSignatureException("verifying the leaf certificate failed: " + name(certificate)
                + " does not allow code signing");
    }

    private static String name(X509Certificate certificate) {
        return "certificate " + certificate.getSubjectX500Principal().getName();
    }
}
