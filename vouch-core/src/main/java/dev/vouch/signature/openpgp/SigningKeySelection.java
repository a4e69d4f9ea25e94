package dev.vouch.signature.openpgp;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * Chooses the key that signs, as gpg does for {@code --local-user FPR}: a fingerprint of a primary key selects
 * its newest usable signing subkey, else the primary key itself; a fingerprint of a subkey selects that subkey.
 * "Usable" means bound, not revoked or expired, marked for signing, and with secret material available.
 */
final class SigningKeySelection {

    private SigningKeySelection() {
    }

    /** The ring among {@code rings} holding a primary key or subkey with this fingerprint. */
    static Optional<CertifiedKeyRing> ringWith(List<PGPPublicKeyRing> rings, String fingerprint) {
        for (PGPPublicKeyRing ring : rings) {
            for (PGPPublicKey key : ring) {
                if (Fingerprints.of(key).equals(fingerprint)) {
                    return Optional.of(CertifiedKeyRing.of(ring));
                }
            }
        }
        return Optional.empty();
    }

    static PGPPublicKey select(CertifiedKeyRing ring, String fingerprint, Instant at,
                               Predicate<PGPPublicKey> hasSecret) throws UnusableKeyException {
        PGPPublicKey named = ring.key(fingerprint).orElseThrow();
        if (!named.isMasterKey()) {
            requireUsable(ring, named, at, hasSecret);
            return named;
        }
        Optional<PGPPublicKey> newestSubkey = ring.subkeys().stream()
                .filter(k -> isUsable(ring, k, at) && hasSecret.test(k))
                .max(Comparator.comparing(PGPPublicKey::getCreationTime));
        if (newestSubkey.isPresent()) {
            return newestSubkey.get();
        }
        requireUsable(ring, named, at, hasSecret);
        return named;
    }

    private static void requireUsable(CertifiedKeyRing ring, PGPPublicKey key, Instant at,
                                      Predicate<PGPPublicKey> hasSecret) throws UnusableKeyException {
        ring.requireUsableForSigning(key, at);
        if (!hasSecret.test(key)) {
            throw new UnusableKeyException("the secret part of key " + Fingerprints.of(key) + " is not available");
        }
    }

    private static boolean isUsable(CertifiedKeyRing ring, PGPPublicKey key, Instant at) {
        try {
            ring.requireUsableForSigning(key, at);
            return true;
        } catch (UnusableKeyException e) {
            return false;
        }
    }
}
