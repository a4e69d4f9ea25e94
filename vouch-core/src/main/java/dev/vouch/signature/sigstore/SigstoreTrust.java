package dev.vouch.signature.sigstore;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code sigstoreSigned} requirement trusts, loaded and parsed: exactly one of public keys, a Fulcio CA or a
 * private PKI, and the Rekor public keys (ECDSA; empty when the policy sets none).
 */
public sealed interface SigstoreTrust {

    /** Public keys; with Rekor keys, a Rekor SET for the key that signed is required. */
    record PublicKeys(List<PublicKey> keys, List<PublicKey> rekorKeys) implements SigstoreTrust {
        public PublicKeys {
            keys = List.copyOf(keys);
            rekorKeys = requireEcdsa(rekorKeys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("at least one public key is required");
            }
        }
    }

    /** A Fulcio CA; the Rekor keys are mandatory, since the SET's time is when the certificate must be valid. */
    record Fulcio(FulcioTrustRoot root, List<PublicKey> rekorKeys) implements SigstoreTrust {
        public Fulcio {
            Objects.requireNonNull(root, "root");
            rekorKeys = requireEcdsa(rekorKeys);
            if (rekorKeys.isEmpty()) {
                throw new IllegalArgumentException("a Rekor public key is required with Fulcio");
            }
        }
    }

    /** A private PKI, without Rekor. */
    record Pki(PkiTrustRoot root) implements SigstoreTrust {
        public Pki {
            Objects.requireNonNull(root, "root");
        }
    }

    private static List<PublicKey> requireEcdsa(List<PublicKey> keys) {
        List<PublicKey> copy = List.copyOf(keys);
        for (int i = 0; i < copy.size(); i++) {
            if (!copy.get(i).getAlgorithm().equals("EC")) {
                throw new IllegalArgumentException("Rekor public key " + (i + 1) + " is not using ECDSA");
            }
        }
        return copy;
    }
}
