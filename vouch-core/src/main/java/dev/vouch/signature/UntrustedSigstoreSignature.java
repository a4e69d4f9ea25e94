package dev.vouch.signature;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A sigstore (cosign) signature as stored, not yet verified: the payload that was signed and the
 * annotations that carry the signature itself, the certificate, chain and Rekor bundle.
 *
 * @param mimeType the payload's media type, normally {@link #COSIGN_SIMPLE_SIGNING_MEDIA_TYPE}
 * @param untrustedPayload the signed payload bytes (JSON, to be parsed only after verification)
 * @param untrustedAnnotations annotations such as {@link #SIGNATURE_ANNOTATION}
 */
public record UntrustedSigstoreSignature(String mimeType, byte[] untrustedPayload,
                                         Map<String, String> untrustedAnnotations) implements UntrustedSignature {

    public static final String COSIGN_SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";
    public static final String CHAIN_ANNOTATION = "dev.sigstore.cosign/chain";
    public static final String BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle";

    public UntrustedSigstoreSignature {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(untrustedPayload, "untrustedPayload");
        Objects.requireNonNull(untrustedAnnotations, "untrustedAnnotations");
        untrustedPayload = untrustedPayload.clone();
        untrustedAnnotations = Map.copyOf(untrustedAnnotations);
    }

    @Override
    public byte[] untrustedPayload() {
        return untrustedPayload.clone();
    }

    @Override
    public String formatName() {
        return "sigstore-json";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UntrustedSigstoreSignature that
                && mimeType.equals(that.mimeType)
                && Arrays.equals(untrustedPayload, that.untrustedPayload)
                && untrustedAnnotations.equals(that.untrustedAnnotations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mimeType, Arrays.hashCode(untrustedPayload), untrustedAnnotations);
    }

    @Override
    public String toString() {
        return "UntrustedSigstoreSignature[" + mimeType + ", " + untrustedPayload.length + " bytes, annotations="
                + new TreeMap<>(untrustedAnnotations).keySet() + "]";
    }
}
