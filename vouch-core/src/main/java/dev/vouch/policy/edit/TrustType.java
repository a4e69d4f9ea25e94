package dev.vouch.policy.edit;

import java.util.Locale;

/** The {@code --type} of {@code trust set}, as podman accepts it. */
public enum TrustType {
    /** {@code accept} (or {@code insecureAcceptAnything}): writes {@code insecureAcceptAnything}. */
    ACCEPT("insecureAcceptAnything"),
    /** {@code reject}. */
    REJECT("reject"),
    /** {@code signedBy}: one {@code GPGKeys} requirement per public key file. */
    SIGNED_BY("signedBy"),
    /** {@code sigstoreSigned}: one requirement per public key file. */
    SIGSTORE_SIGNED("sigstoreSigned");

    private final String requirementType;

    TrustType(String requirementType) {
        this.requirementType = requirementType;
    }

    /** The JSON {@code type} written into the policy. */
    public String requirementType() {
        return requirementType;
    }

    /** Whether this type needs public key files (and accepts no others). */
    public boolean needsKeys() {
        return this == SIGNED_BY || this == SIGSTORE_SIGNED;
    }

    /**
     * Parses {@code accept}, {@code insecureAcceptAnything}, {@code reject}, {@code signedBy} or
     * {@code sigstoreSigned} (case-sensitive, as podman).
     *
     * @throws PolicyEditException for anything else
     */
    public static TrustType parse(String value) throws PolicyEditException {
        switch (value) {
            case "accept":
            case "insecureAcceptAnything":
                return ACCEPT;
            case "reject":
                return REJECT;
            case "signedBy":
                return SIGNED_BY;
            case "sigstoreSigned":
                return SIGSTORE_SIGNED;
            default:
                throw new PolicyEditException("unknown trust type \"" + value
                        + "\"; expected accept, reject, signedBy or sigstoreSigned");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
