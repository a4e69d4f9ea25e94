package dev.vouch.verify;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.policy.KeySource;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.policy.SigstoreTrustRoot;
import dev.vouch.signature.sigstore.FulcioTrustRoot;
import dev.vouch.signature.sigstore.InvalidTrustMaterialException;
import dev.vouch.signature.sigstore.PkiTrustRoot;
import dev.vouch.signature.sigstore.PublicKeyPem;
import dev.vouch.signature.sigstore.SigstoreLimits;
import dev.vouch.signature.sigstore.SigstoreTrust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and parses the trust material of a {@code sigstoreSigned} requirement (containers/image's
 * {@code prepareTrustRoot}): every key and certificate file is read, every key must parse (one invalid fallback key
 * fails the whole requirement), Rekor keys must be ECDSA. Messages name the file, or the position of inline data.
 */
final class SigstoreTrustLoader {
    private SigstoreTrustLoader() {
    }

    static SigstoreTrust load(SigstoreSigned requirement) throws InvalidTrustMaterialException {
        List<PublicKey> rekorKeys = new ArrayList<>();
        if (requirement.rekorPublicKeys().isPresent()) {
            List<Material> materials = read(requirement.rekorPublicKeys().get(), "Rekor public key");
            for (Material material : materials) {
                PublicKey key = parseKey(material);
                if (!key.getAlgorithm().equals("EC")) {
                    throw new InvalidTrustMaterialException(material.name() + " is not using ECDSA");
                }
                rekorKeys.add(key);
            }
        }
        SigstoreTrustRoot root = requirement.trustRoot();
        if (root instanceof SigstoreTrustRoot.PublicKeys publicKeys) {
            List<PublicKey> keys = new ArrayList<>();
            for (Material material : read(publicKeys.keys(), "public key")) {
                keys.add(parseKey(material));
            }
            return new SigstoreTrust.PublicKeys(keys, rekorKeys);
        } else if (root instanceof SigstoreTrustRoot.Fulcio fulcio) {
            if (rekorKeys.isEmpty()) {
                throw new InvalidTrustMaterialException("fulcio requires a Rekor public key");
            }
            Material ca = single(fulcio.ca(), "Fulcio CA certificates");
            FulcioTrustRoot trustRoot;
            try {
                trustRoot = FulcioTrustRoot.fromPem(ca.bytes(), fulcio.oidcIssuer(), fulcio.subjectEmail());
            } catch (InvalidTrustMaterialException e) {
                throw new InvalidTrustMaterialException(ca.name() + ": " + e.getMessage(), e);
            }
            return new SigstoreTrust.Fulcio(trustRoot, rekorKeys);
        } else if (root instanceof SigstoreTrustRoot.Pki pki) {
            if (!rekorKeys.isEmpty()) {
                throw new InvalidTrustMaterialException("pki cannot be combined with a Rekor public key");
            }
            Material roots = single(pki.caRoots(), "PKI CA roots certificates");
            Optional<Material> intermediates = Optional.empty();
            if (pki.caIntermediates().isPresent()) {
                intermediates = Optional.of(single(pki.caIntermediates().get(), "PKI CA intermediate certificates"));
            }
            try {
                return new SigstoreTrust.Pki(PkiTrustRoot.fromPem(roots.bytes(), intermediates.map(Material::bytes),
                        pki.subjectEmail(), pki.subjectHostname()));
            } catch (InvalidTrustMaterialException e) {
                String names = roots.name() + intermediates.map(m -> ", " + m.name()).orElse("");
                throw new InvalidTrustMaterialException(names + ": " + e.getMessage(), e);
            }
        }
        throw new AssertionError("unknown sigstore trust root " + root);
    }

    /** Bytes read from a file or given inline, and how to name them in messages. */
    private record Material(String name, byte[] bytes) {
    }

    private static PublicKey parseKey(Material material) throws InvalidTrustMaterialException {
        try {
            return PublicKeyPem.parse(material.bytes());
        } catch (InvalidTrustMaterialException e) {
            throw new InvalidTrustMaterialException("parsing " + material.name() + ": " + e.getMessage(), e);
        }
    }

    private static Material single(KeySource source, String what) throws InvalidTrustMaterialException {
        List<Material> materials = read(source, what);
        if (materials.size() != 1) {
            throw new InvalidTrustMaterialException(what + ": exactly one file or inline value is required");
        }
        return materials.get(0);
    }

    private static List<Material> read(KeySource source, String what) throws InvalidTrustMaterialException {
        List<Material> materials = new ArrayList<>();
        if (source instanceof KeySource.FromPath path) {
            materials.add(readFile(path.path(), what));
        } else if (source instanceof KeySource.FromPaths paths) {
            for (Path path : paths.paths()) {
                materials.add(readFile(path, what));
            }
        } else if (source instanceof KeySource.FromData data) {
            materials.add(inline(data.data(), what, 0, 1));
        } else if (source instanceof KeySource.FromDatas datas) {
            List<byte[]> all = datas.datas();
            for (int i = 0; i < all.size(); i++) {
                materials.add(inline(all.get(i), what, i, all.size()));
            }
        } else {
            throw new AssertionError("unknown key source " + source);
        }
        return materials;
    }

    private static Material inline(byte[] data, String what, int index, int count) throws InvalidTrustMaterialException {
        String name = count == 1 ? "inline " + what : "inline " + what + " " + (index + 1);
        if (data.length > SigstoreLimits.MAX_TRUST_MATERIAL_BYTES) {
            throw new InvalidTrustMaterialException(name + " is larger than " + SigstoreLimits.MAX_TRUST_MATERIAL_BYTES
                    + " bytes");
        }
        return new Material(name, data);
    }

    private static Material readFile(Path path, String what) throws InvalidTrustMaterialException {
        String name = what + " file " + path;
        try (InputStream in = new BoundedInputStream(Files.newInputStream(path),
                SigstoreLimits.MAX_TRUST_MATERIAL_BYTES)) {
            return new Material(name, in.readAllBytes());
        } catch (NoSuchFileException e) {
            throw new InvalidTrustMaterialException(name + " does not exist", e);
        } catch (LimitExceededException e) {
            throw new InvalidTrustMaterialException(name + " is larger than " + SigstoreLimits.MAX_TRUST_MATERIAL_BYTES
                    + " bytes", e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTrustMaterialException("reading " + name + ": " + e.getMessage(), e);
        }
    }
}
