package dev.vouch.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files a policy reads its trust material from ({@code keyPath}, {@code keyPaths}, {@code caPath},
 * {@code caRootsPath}, {@code caIntermediatesPath}, {@code rekorPublicKeyPath(s)}), as written: whoever keeps
 * decisions made under a policy must forget them when one of these files changes, not only when the policy does.
 */
public final class PolicyKeyFiles {
    private PolicyKeyFiles() {
    }

    /** Every file named by the policy's requirements, each once, in policy order. */
    public static List<Path> of(Policy policy) {
        Set<Path> files = new LinkedHashSet<>();
        policy.defaultRequirements().forEach(requirement -> add(requirement, files));
        for (Map<String, List<PolicyRequirement>> scopes : policy.transports().values()) {
            scopes.values().forEach(requirements -> requirements.forEach(requirement -> add(requirement, files)));
        }
        return new ArrayList<>(files);
    }

    private static void add(PolicyRequirement requirement, Set<Path> files) {
        if (requirement instanceof SignedBy signedBy) {
            add(signedBy.keys(), files);
        } else if (requirement instanceof SigstoreSigned sigstore) {
            sigstore.rekorPublicKeys().ifPresent(keys -> add(keys, files));
            SigstoreTrustRoot root = sigstore.trustRoot();
            if (root instanceof SigstoreTrustRoot.PublicKeys keys) {
                add(keys.keys(), files);
            } else if (root instanceof SigstoreTrustRoot.Fulcio fulcio) {
                add(fulcio.ca(), files);
            } else if (root instanceof SigstoreTrustRoot.Pki pki) {
                add(pki.caRoots(), files);
                pki.caIntermediates().ifPresent(intermediates -> add(intermediates, files));
            }
        }
    }

    private static void add(KeySource source, Set<Path> files) {
        if (source instanceof KeySource.FromPath path) {
            files.add(path.path());
        } else if (source instanceof KeySource.FromPaths paths) {
            files.addAll(paths.paths());
        }
    }
}
