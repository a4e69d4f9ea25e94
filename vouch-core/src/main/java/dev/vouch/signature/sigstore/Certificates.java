package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** X.509 certificates in PEM, read with the semantics of the Go functions containers/image uses. */
final class Certificates {
    private Certificates() {
    }

    /**
     * Trusted CA certificates (Go's {@code CertPool.AppendCertsFromPEM}): every {@code CERTIFICATE} block that parses;
     * other blocks and unparseable certificates are skipped; at least one certificate is required.
     */
    static List<X509Certificate> trustedPool(byte[] pem, String what) throws InvalidTrustMaterialException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Pem.Block block : Pem.decodeAll(pem)) {
            if (!block.type().equals("CERTIFICATE") || block.bytes().length == 0) {
                continue;
            }
            try {
                certificates.add(parse(block.bytes()));
            } catch (CertificateException | RuntimeException e) {
                continue;
            }
            if (certificates.size() > SigstoreLimits.MAX_TRUSTED_CERTIFICATES) {
                throw new InvalidTrustMaterialException(what + " holds more than "
                        + SigstoreLimits.MAX_TRUSTED_CERTIFICATES + " certificates");
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidTrustMaterialException("error loading " + what + ": no certificate found");
        }
        return certificates;
    }

    /**
     * Every certificate of {@code pem}, all of which must parse (sigstore's {@code UnmarshalCertificatesFromPEM});
     * surrounding whitespace is ignored, anything else that is not a PEM block is an error.
     */
    static List<X509Certificate> strictList(byte[] pem, int maxCertificates) throws InvalidSignatureException {
        List<X509Certificate> certificates = new ArrayList<>();
        byte[] rest = trim(pem);
        while (rest.length > 0) {
            Pem.Block block = Pem.decode(rest)
                    .orElseThrow(() -> new InvalidSignatureException("error during PEM decoding"));
            if (certificates.size() >= maxCertificates) {
                throw new InvalidSignatureException("more than " + maxCertificates + " certificates");
            }
            try {
                certificates.add(parse(block.bytes()));
            } catch (CertificateException | RuntimeException e) {
                throw new InvalidSignatureException("invalid certificate: " + e.getMessage(), e);
            }
            rest = trim(block.rest());
        }
        return certificates;
    }

    /** The single certificate of the certificate annotation. */
    static X509Certificate leaf(byte[] pem) throws InvalidSignatureException {
        if (pem.length > SigstoreLimits.MAX_CERTIFICATE_BYTES) {
            throw new InvalidSignatureException("the certificate is larger than " + SigstoreLimits.MAX_CERTIFICATE_BYTES
                    + " bytes");
        }
        List<X509Certificate> certificates;
        try {
            certificates = strictList(pem, 2);
        } catch (InvalidSignatureException e) {
            throw new InvalidSignatureException("parsing the leaf certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new InvalidSignatureException("no certificate found in the signature's certificate data");
        }
        if (certificates.size() > 1) {
            throw new InvalidSignatureException("unexpected multiple certificates in the signature's certificate data");
        }
        return certificates.get(0);
    }

    /**
     * The intermediates from the chain annotation: all its certificates but the last, which is expected to be the
     * root and is not trusted from the signature (as containers/image does).
     */
    static List<X509Certificate> untrustedIntermediates(byte[] chainPem) throws InvalidSignatureException {
        if (chainPem.length == 0) {
            return List.of();
        }
        if (chainPem.length > SigstoreLimits.MAX_CHAIN_BYTES) {
            throw new InvalidSignatureException("the certificate chain is larger than " + SigstoreLimits.MAX_CHAIN_BYTES
                    + " bytes");
        }
        List<X509Certificate> chain;
        try {
            chain = strictList(chainPem, SigstoreLimits.MAX_CHAIN_CERTIFICATES);
        } catch (InvalidSignatureException e) {
            throw new InvalidSignatureException("loading the certificate chain: " + e.getMessage(), e);
        }
        return chain.size() > 1 ? List.copyOf(chain.subList(0, chain.size() - 1)) : List.of();
    }

    static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] trim(byte[] data) {
        int start = 0;
        int end = data.length;
        while (start < end && Character.isWhitespace(data[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(data[end - 1])) {
            end--;
        }
        return java.util.Arrays.copyOfRange(data, start, end);
    }
}
