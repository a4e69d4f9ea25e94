package dev.vouch.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code sigstoreSigned}: at least one sigstore signature must be accepted by {@code trustRoot}, for this
 * manifest, with an identity accepted by {@code signedIdentity} (default {@link MatchRepoDigestOrExact}).
 *
 * <p>{@code rekorPublicKeys} is at most one of {@code rekorPublicKeyPath}, {@code rekorPublicKeyPaths},
 * {@code rekorPublicKeyData}, {@code rekorPublicKeyDatas}; it is mandatory with a {@link SigstoreTrustRoot.Fulcio}
 * trust root. When present, every accepted signature must carry a Rekor entry signed by one of those keys.
 */
public record SigstoreSigned(SigstoreTrustRoot trustRoot, Optional<KeySource> rekorPublicKeys,
                             SignedIdentity signedIdentity) implements PolicyRequirement {
    public static final String TYPE = "sigstoreSigned";

    public SigstoreSigned {
        Objects.requireNonNull(trustRoot, "trustRoot");
        Objects.requireNonNull(rekorPublicKeys, "rekorPublicKeys");
        Objects.requireNonNull(signedIdentity, "signedIdentity");
        if (trustRoot instanceof SigstoreTrustRoot.Fulcio && rekorPublicKeys.isEmpty()) {
            throw new IllegalArgumentException("one of rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and "
                    + "rekorPublicKeyDatas must be specified if fulcio is used");
        }
    }

    /** Public keys, no Rekor, the default identity matcher. */
    public static SigstoreSigned publicKeys(KeySource keys) {
        return new SigstoreSigned(new SigstoreTrustRoot.PublicKeys(keys), Optional.empty(), new MatchRepoDigestOrExact());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
