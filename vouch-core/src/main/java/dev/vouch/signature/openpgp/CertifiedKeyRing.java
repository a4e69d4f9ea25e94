package dev.vouch.signature.openpgp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUserAttributeSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * A public keyring whose self-signatures, subkey bindings and revocations have been cryptographically checked
 * once, when it was loaded; what remains is choosing, for a given time, which of them apply. Immutable after
 * construction, so it may be shared between threads.
 *
 * <p>The rules follow GnuPG, which containers/image uses through gpgme: only signatures made by the primary key
 * itself count (designated revokers are ignored); the newest self-signature valid at the time gives the key
 * flags and expiration; a signing subkey needs a valid binding signature with an embedded, valid primary key
 * binding signature (cross-certification); any valid revocation revokes, whatever its reason.
 */
final class CertifiedKeyRing {

    private record Binding(PGPSignature signature, boolean crossCertified) {
    }

    private record Subkey(PGPPublicKey key, List<Binding> bindings, boolean revoked) {
    }

    private final PGPPublicKeyRing ring;
    private final PGPPublicKey primary;
    private final String primaryFingerprint;
    private final List<PGPSignature> selfSignatures;
    private final boolean primaryRevoked;
    private final Map<String, Subkey> subkeys;

    private CertifiedKeyRing(PGPPublicKeyRing ring) {
        this.ring = ring;
        this.primary = ring.getPublicKey();
        this.primaryFingerprint = Fingerprints.of(primary);
        this.selfSignatures = List.copyOf(collectSelfSignatures(primary));
        this.primaryRevoked = anyValid(primary.getSignaturesOfType(PGPSignature.KEY_REVOCATION), null);
        Map<String, Subkey> subs = new LinkedHashMap<>();
        for (PGPPublicKey key : ring) {
            if (!key.isMasterKey()) {
                subs.put(Fingerprints.of(key), certifySubkey(key));
            }
        }
        this.subkeys = Map.copyOf(subs);
    }

    static CertifiedKeyRing of(PGPPublicKeyRing ring) {
        return new CertifiedKeyRing(ring);
    }

    PGPPublicKeyRing ring() {
        return ring;
    }

    PGPPublicKey primary() {
        return primary;
    }

    String primaryFingerprint() {
        return primaryFingerprint;
    }

    List<PGPPublicKey> subkeys() {
        List<PGPPublicKey> keys = new ArrayList<>();
        subkeys.values().forEach(s -> keys.add(s.key()));
        return keys;
    }

    /** The primary key or subkey with this fingerprint (uppercase hex). */
    Optional<PGPPublicKey> key(String fingerprint) {
        if (primaryFingerprint.equals(fingerprint)) {
            return Optional.of(primary);
        }
        return Optional.ofNullable(subkeys.get(fingerprint)).map(Subkey::key);
    }

    /** The primary key and subkeys with this key ID. */
    List<PGPPublicKey> keysWithId(long keyId) {
        List<PGPPublicKey> keys = new ArrayList<>();
        for (PGPPublicKey key : ring) {
            if (key.getKeyID() == keyId) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Checks that {@code key} (this ring's primary key or one of its subkeys) may make data signatures at
     * {@code at}: it and its primary key exist, are not revoked, not expired, and are marked for signing if
     * key flags are present.
     */
    void requireUsableForSigning(PGPPublicKey key, Instant at) throws UnusableKeyException {
        PGPSignature selfSignature = requireValidPrimary(at);
        String fingerprint = Fingerprints.of(key);
        if (fingerprint.equals(primaryFingerprint)) {
            requireSigningFlag(selfSignature, "key " + primaryFingerprint);
            return;
        }
        Subkey subkey = subkeys.get(fingerprint);
        if (subkey == null) {
            throw new UnusableKeyException("key " + fingerprint + " is not part of key " + primaryFingerprint);
        }
        String name = "subkey " + fingerprint + " of key " + primaryFingerprint;
        requireCreatedBy(key, at, name);
        if (subkey.revoked()) {
            throw new UnusableKeyException(name + " is revoked");
        }
        Binding binding = subkey.bindings().stream()
                .filter(b -> isInForce(b.signature(), at))
                .max(Comparator.comparing(b -> b.signature().getCreationTime()))
                .orElseThrow(() -> new UnusableKeyException(name + " has no valid binding signature"));
        requireNotExpired(key, binding.signature(), at, name);
        requireSigningFlag(binding.signature(), name);
        if (!binding.crossCertified()) {
            throw new UnusableKeyException(name + " is not cross-certified (its binding signature has no valid"
                    + " primary key binding signature)");
        }
    }

    private PGPSignature requireValidPrimary(Instant at) throws UnusableKeyException {
        String name = "key " + primaryFingerprint;
        requireCreatedBy(primary, at, name);
        if (primaryRevoked) {
            throw new UnusableKeyException(name + " is revoked");
        }
        PGPSignature newest = selfSignatures.stream()
                .filter(s -> isInForce(s, at))
                .max(Comparator.comparing(PGPSignature::getCreationTime))
                .orElseThrow(() -> new UnusableKeyException(name + " has no valid self-signature"));
        requireNotExpired(primary, newest, at, name);
        return newest;
    }

    private static void requireCreatedBy(PGPPublicKey key, Instant at, String name) throws UnusableKeyException {
        if (key.getCreationTime().toInstant().isAfter(at)) {
            throw new UnusableKeyException(name + " was created at " + key.getCreationTime().toInstant()
                    + ", in the future");
        }
    }

    private static void requireNotExpired(PGPPublicKey key, PGPSignature selfSignature, Instant at, String name)
            throws UnusableKeyException {
        PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
        long seconds = hashed == null ? 0 : hashed.getKeyExpirationTime();
        if (seconds > 0) {
            Instant expiry = key.getCreationTime().toInstant().plusSeconds(seconds);
            if (!at.isBefore(expiry)) {
                throw new UnusableKeyException(name + " expired at " + expiry);
            }
        }
    }

    private static void requireSigningFlag(PGPSignature selfSignature, String name) throws UnusableKeyException {
        PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
        if (hashed != null && hashed.hasSubpacket(org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS)
                && (hashed.getKeyFlags() & org.bouncycastle.bcpg.sig.KeyFlags.SIGN_DATA) == 0) {
            throw new UnusableKeyException(name + " is not marked for signing data (key flags)");
        }
    }

    /** Created no later than {@code at} and not past its own signature expiration time. */
    private static boolean isInForce(PGPSignature signature, Instant at) {
        Instant created = signature.getCreationTime().toInstant();
        if (created.isAfter(at)) {
            return false;
        }
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        long seconds = hashed == null ? 0 : hashed.getSignatureExpirationTime();
        return seconds == 0 || at.isBefore(created.plusSeconds(seconds));
    }

    private List<PGPSignature> collectSelfSignatures(PGPPublicKey key) {
        List<PGPSignature> valid = new ArrayList<>();
        for (Iterator<byte[]> ids = key.getRawUserIDs(); ids.hasNext(); ) {
            byte[] id = ids.next();
            for (Iterator<PGPSignature> sigs = key.getSignaturesForID(id); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                if (isSelfIssued(sig) && sig.isCertification() && verify(() -> sig.verifyCertification(id, key), sig)) {
                    valid.add(sig);
                }
            }
        }
        for (Iterator<PGPUserAttributeSubpacketVector> attrs = key.getUserAttributes(); attrs.hasNext(); ) {
            PGPUserAttributeSubpacketVector attr = attrs.next();
            for (Iterator<PGPSignature> sigs = key.getSignaturesForUserAttribute(attr); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                if (isSelfIssued(sig) && sig.isCertification()
                        && verify(() -> sig.verifyCertification(attr, key), sig)) {
                    valid.add(sig);
                }
            }
        }
        for (Iterator<PGPSignature> sigs = key.getSignaturesOfType(PGPSignature.DIRECT_KEY); sigs.hasNext(); ) {
            PGPSignature sig = sigs.next();
            if (isSelfIssued(sig) && verify(() -> sig.verifyCertification(key), sig)) {
                valid.add(sig);
            }
        }
        return valid;
    }

    private Subkey certifySubkey(PGPPublicKey subkey) {
        List<Binding> bindings = new ArrayList<>();
        for (Iterator<PGPSignature> sigs = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); sigs.hasNext(); ) {
            PGPSignature sig = sigs.next();
            if (isSelfIssued(sig) && verify(() -> sig.verifyCertification(primary, subkey), sig)) {
                bindings.add(new Binding(sig, isCrossCertified(sig, subkey)));
            }
        }
        boolean revoked = anyValid(subkey.getSignaturesOfType(PGPSignature.SUBKEY_REVOCATION), subkey);
        return new Subkey(subkey, List.copyOf(bindings), revoked);
    }

    private boolean isCrossCertified(PGPSignature binding, PGPPublicKey subkey) {
        for (PGPSignatureSubpacketVector area : new PGPSignatureSubpacketVector[] {
                binding.getHashedSubPackets(), binding.getUnhashedSubPackets()}) {
            if (area == null) {
                continue;
            }
            PGPSignatureList embedded;
            try {
                embedded = area.getEmbeddedSignatures();
            } catch (PGPException e) {
                continue;
            }
            for (PGPSignature backSignature : embedded) {
                if (backSignature.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
                        && verifyWith(subkey, () -> backSignature.verifyCertification(primary, subkey), backSignature)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Any revocation of the given type made and signed by the primary key; on {@code subkey} if not null. */
    private boolean anyValid(Iterator<PGPSignature> revocations, PGPPublicKey subkey) {
        while (revocations.hasNext()) {
            PGPSignature sig = revocations.next();
            boolean valid = subkey == null
                    ? verify(() -> sig.verifyCertification(primary), sig)
                    : verify(() -> sig.verifyCertification(primary, subkey), sig);
            if (isSelfIssued(sig) && valid) {
                return true;
            }
        }
        return false;
    }

    private boolean isSelfIssued(PGPSignature sig) {
        return sig.getKeyID() == primary.getKeyID() || sig.getKeyID() == 0;
    }

    private interface Check {
        boolean run() throws PGPException;
    }

    private boolean verify(Check check, PGPSignature sig) {
        return verifyWith(primary, check, sig);
    }

    private static boolean verifyWith(PGPPublicKey signer, Check check, PGPSignature sig) {
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), signer);
            return check.run();
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }
}
