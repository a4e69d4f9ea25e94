package dev.vouch.signature.sigstore;

/**
 * Size limits on untrusted sigstore inputs and on trust material files; anything larger is rejected before it is
 * parsed. containers/image has no limits of its own at this level; these are far above what cosign produces.
 */
public final class SigstoreLimits {
    /** The signed payload (cosign writes a few hundred bytes). */
    public static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
    /** The base64 signature annotation (an RSA-16384 signature is under 3 KiB in base64). */
    public static final int MAX_SIGNATURE_ANNOTATION_BYTES = 16 * 1024;
    /** The PEM certificate annotation, which must hold exactly one certificate. */
    public static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    /** The PEM chain annotation. */
    public static final int MAX_CHAIN_BYTES = 256 * 1024;
    /** Certificates in the chain annotation. */
    public static final int MAX_CHAIN_CERTIFICATES = 10;
    /** The Rekor bundle annotation (it embeds the entry body, which embeds the certificate). */
    public static final int MAX_BUNDLE_BYTES = 256 * 1024;
    /** One key or CA file or inline blob from the policy. */
    public static final int MAX_TRUST_MATERIAL_BYTES = 4 * 1024 * 1024;
    /** Certificates in one CA roots or intermediates file. */
    public static final int MAX_TRUSTED_CERTIFICATES = 1000;

    private SigstoreLimits() {
    }
}
