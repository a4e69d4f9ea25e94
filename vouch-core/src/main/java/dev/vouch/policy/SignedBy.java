package dev.vouch.policy;

import java.util.Objects;

/**
 * {@code signedBy}: at least one simple-signing signature must be made by one of {@code keys}, for this manifest,
 * with an identity accepted by {@code signedIdentity} (default {@link MatchRepoDigestOrExact}).
 *
 * <p>{@code keys} is {@code keyPath}, {@code keyPaths} or {@code keyData} (an OpenPGP keyring); {@code keyDatas}
 * does not exist for this type. Key types other than {@code GPGKeys} parse but reject at evaluation.
 */
public record SignedBy(SignedByKeyType keyType, KeySource keys, SignedIdentity signedIdentity)
        implements PolicyRequirement {
    public static final String TYPE = "signedBy";

    public SignedBy {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(signedIdentity, "signedIdentity");
        if (keys instanceof KeySource.FromDatas) {
            throw new IllegalArgumentException("signedBy accepts exactly one of keyPath, keyPaths and keyData");
        }
    }

    /** A {@code GPGKeys} requirement with the default identity matcher. */
    public static SignedBy gpgKeys(KeySource keys) {
        return new SignedBy(SignedByKeyType.GPG_KEYS, keys, new MatchRepoDigestOrExact());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
