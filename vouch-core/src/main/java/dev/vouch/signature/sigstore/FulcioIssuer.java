package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The OIDC issuer Fulcio records in a certificate: extension 1.3.6.1.4.1.57264.1.1 (v1, deprecated: the raw value
 * bytes are the issuer) and/or 1.3.6.1.4.1.57264.1.8 (v2: a DER string). Either is enough; with both, they must be
 * equal; with neither, the certificate is rejected.
 */
final class FulcioIssuer {
    static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";

    private FulcioIssuer() {
    }

    static String of(X509Certificate certificate) throws InvalidSignatureException {
        Optional<String> v1 = extensionValue(certificate, ISSUER_V1)
                .map(value -> new String(value, StandardCharsets.UTF_8));
        Optional<String> v2 = Optional.empty();
        Optional<byte[]> v2Raw = extensionValue(certificate, ISSUER_V2);
        if (v2Raw.isPresent()) {
            try {
                ASN1Primitive value = ASN1Primitive.fromByteArray(v2Raw.get());
                if (!(value instanceof ASN1String string)) {
                    throw new InvalidSignatureException("invalid ASN.1 in the OIDC issuer v2 extension: not a string");
                }
                v2 = Optional.of(string.getString());
            } catch (IOException | RuntimeException e) {
                throw new InvalidSignatureException("invalid ASN.1 in the OIDC issuer v2 extension: " + e.getMessage());
            }
        }
        if (v1.isPresent() && v2.isPresent()) {
            if (!v1.get().equals(v2.get())) {
                throw new InvalidSignatureException("inconsistent OIDC issuer extension values: v1 \"" + v1.get()
                        + "\", v2 \"" + v2.get() + "\"");
            }
            return v1.get();
        }
        if (v1.isPresent()) {
            return v1.get();
        }
        if (v2.isPresent()) {
            return v2.get();
        }
        throw new InvalidSignatureException("the Fulcio certificate is missing the issuer extension");
    }

    /** The extnValue contents of extension {@code oid}, unwrapped from its OCTET STRING. */
    private static Optional<byte[]> extensionValue(X509Certificate certificate, String oid)
            throws InvalidSignatureException {
        byte[] wrapped = certificate.getExtensionValue(oid);
        if (wrapped == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ASN1OctetString.getInstance(wrapped).getOctets());
        } catch (RuntimeException e) {
            throw new InvalidSignatureException("invalid extension " + oid + " in the certificate");
        }
    }
}
