package dev.vouch.policy;

import java.util.Optional;

/**
 * The {@code keyType} of a {@code signedBy} requirement. All four documented values are accepted by the parser
 * (as in containers/image); only {@link #GPG_KEYS} is implemented: a requirement with any other key type rejects
 * every image at evaluation ("Unimplemented keyType value").
 */
public enum SignedByKeyType {
    GPG_KEYS("GPGKeys"),
    SIGNED_BY_GPG_KEYS("signedByGPGKeys"),
    X509_CERTIFICATES("X509Certificates"),
    SIGNED_BY_X509_CAS("signedByX509CAs");

    private final String jsonName;

    SignedByKeyType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value as written in policy.json, e.g. {@code GPGKeys}. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether evaluation can use keys of this type (only {@code GPGKeys}). */
    public boolean isImplemented() {
        return this == GPG_KEYS;
    }

    /** The key type written as {@code value} (case-sensitive), if it is one of the four. */
    public static Optional<SignedByKeyType> fromJsonName(String value) {
        for (SignedByKeyType type : values()) {
            if (type.jsonName.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
