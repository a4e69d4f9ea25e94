package dev.vouch.verify;

import dev.vouch.policy.KeySource;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.TrustedKeyring;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Loads each requirement's OpenPGP keys once per evaluation (or, for {@link PolicyEvaluator#keepingKeys}, once per
 * evaluator). Files are read again on the next evaluation, so an edited or removed key file takes effect at once, as
 * in containers/image. Safe for concurrent use.
 */
final class KeyringCache {
    private final Map<KeySource, Object> loaded = java.util.Collections.synchronizedMap(new IdentityHashMap<>());

    /** The keyring of {@code keys}; throws the (remembered) failure to read or parse it. */
    TrustedKeyring keyring(KeySource keys) throws InvalidKeyException {
        Object value = loaded.computeIfAbsent(keys, KeyringCache::load);
        if (value instanceof InvalidKeyException failure) {
            throw failure;
        }
        return (TrustedKeyring) value;
    }

    private static Object load(KeySource keys) {
        try {
            if (keys instanceof KeySource.FromPath path) {
                return TrustedKeyring.fromFiles(java.util.List.of(path.path()));
            }
            if (keys instanceof KeySource.FromPaths paths) {
                return TrustedKeyring.fromFiles(paths.paths());
            }
            if (keys instanceof KeySource.FromData data) {
                return TrustedKeyring.fromBytes(data.data());
            }
            return new InvalidKeyException("signedBy accepts exactly one of keyPath, keyPaths and keyData");
        } catch (InvalidKeyException e) {
            return e;
        }
    }
}
