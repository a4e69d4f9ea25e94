package dev.vouch.signature.openpgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * The OpenPGP public keys a policy trusts (a {@code signedBy} requirement's {@code keyPath}, {@code keyPaths}
 * or {@code keyData}). Immutable and safe to share between threads.
 *
 * <p>Accepted input: binary keyrings (one or more transferable public keys, as {@code gpg --export} writes,
 * possibly several files concatenated) or ASCII armor ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----}, any
 * number of blocks; text around the blocks is ignored). Secret keys are refused. Each input may be at most
 * {@value #MAX_KEYRING_BYTES} bytes (4 MiB). A keyring with no key is invalid. Copies of the same
 * key (same primary fingerprint) are merged, so a revocation in one copy applies to the key.
 */
public final class TrustedKeyring {

    /** Key data (one {@code fromBytes} input or one file) larger than this is refused: 4 MiB. */
    public static final int MAX_KEYRING_BYTES = KeyringParser.MAX_KEYRING_BYTES;

    private final Map<String, CertifiedKeyRing> byPrimaryFingerprint;

    private TrustedKeyring(Map<String, CertifiedKeyRing> byPrimaryFingerprint) {
        this.byPrimaryFingerprint = Collections.unmodifiableMap(byPrimaryFingerprint);
    }

    /** Reads keys given inline ({@code keyData}); messages name the source as "key data". */
    public static TrustedKeyring fromBytes(byte[] keyringData) throws InvalidKeyException {
        return fromBytes(keyringData, "key data");
    }

    /** Reads keys; {@code sourceName} names the origin of the data in error messages. */
    public static TrustedKeyring fromBytes(byte[] keyringData, String sourceName) throws InvalidKeyException {
        return build(KeyringParser.publicRings(keyringData, sourceName), sourceName);
    }

    /** Reads and merges the keys of all the files; an error names the file that is missing, unreadable or invalid. */
    public static TrustedKeyring fromFiles(List<Path> files) throws InvalidKeyException {
        if (files.isEmpty()) {
            throw new InvalidKeyException("no key files given");
        }
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (Path file : files) {
            rings.addAll(KeyringParser.publicRings(readFile(file), file.toString()));
        }
        return build(rings, files.toString());
    }

    /** All keys of all the given keyrings. */
    public static TrustedKeyring merge(TrustedKeyring... keyrings) throws InvalidKeyException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (TrustedKeyring keyring : keyrings) {
            keyring.byPrimaryFingerprint.values().forEach(r -> rings.add(r.ring()));
        }
        if (rings.isEmpty()) {
            throw new InvalidKeyException("no keyrings to merge");
        }
        return build(rings, "merged keyrings");
    }

    /** Fingerprints of the primary keys, uppercase hex, in input order. */
    public Set<String> fingerprints() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byPrimaryFingerprint.keySet()));
    }

    /** Keyrings that contain a key (primary or subkey) with this key ID. */
    List<CertifiedKeyRing> ringsWithKeyId(long keyId) {
        List<CertifiedKeyRing> found = new ArrayList<>();
        for (CertifiedKeyRing ring : byPrimaryFingerprint.values()) {
            if (!ring.keysWithId(keyId).isEmpty()) {
                found.add(ring);
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "TrustedKeyring" + byPrimaryFingerprint.keySet();
    }

    static byte[] readFile(Path file) throws InvalidKeyException {
        try {
            long size = Files.size(file);
            if (size > KeyringParser.MAX_KEYRING_BYTES) {
                throw new InvalidKeyException(file + ": " + size + " bytes, more than the limit of "
                        + KeyringParser.MAX_KEYRING_BYTES + " bytes for key data");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidKeyException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidKeyException(file + ": cannot be read: " + KeyringParser.describe(e), e);
        }
    }

    static TrustedKeyring build(List<PGPPublicKeyRing> rings, String source) throws InvalidKeyException {
        Map<String, PGPPublicKeyRing> merged = new LinkedHashMap<>();
        for (PGPPublicKeyRing ring : rings) {
            String fingerprint = Fingerprints.of(ring.getPublicKey());
            PGPPublicKeyRing previous = merged.get(fingerprint);
            if (previous == null) {
                merged.put(fingerprint, ring);
            } else {
                try {
                    merged.put(fingerprint, PGPPublicKeyRing.join(previous, ring));
                } catch (PGPException | RuntimeException e) {
                    throw new InvalidKeyException(source + ": cannot merge copies of key " + fingerprint + ": "
                            + KeyringParser.describe(e), e);
                }
            }
        }
        Map<String, CertifiedKeyRing> certified = new LinkedHashMap<>();
        merged.forEach((fingerprint, ring) -> certified.put(fingerprint, CertifiedKeyRing.of(ring)));
        return new TrustedKeyring(certified);
    }
}
