package dev.vouch.policy.edit;

import dev.vouch.policy.ExactReference;
import dev.vouch.policy.ExactRepository;
import dev.vouch.policy.InsecureAcceptAnything;
import dev.vouch.policy.KeySource;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.Reject;
import dev.vouch.policy.RemapIdentity;
import dev.vouch.policy.SignedBaseLayer;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SignedIdentity;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.policy.SigstoreTrustRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code trust show}: the requirements of a policy as podman lists them: the global default first, then transports
 * and their scopes in alphabetical order, one entry per requirement. (podman also shows GPG user IDs of key files
 * and the lookaside location from registries.d; vouch lists key paths and the identity matcher instead.)
 */
public final class TrustShow {
    private TrustShow() {
    }

    public static List<TrustEntry> entries(Policy policy) {
        List<TrustEntry> entries = new ArrayList<>();
        add(entries, "all", "* (default)", "default", policy.defaultRequirements());
        for (Map.Entry<String, Map<String, List<PolicyRequirement>>> transport
                : new TreeMap<>(policy.transports()).entrySet()) {
            String shown = transport.getKey().equals("docker") ? "repository" : transport.getKey();
            for (Map.Entry<String, List<PolicyRequirement>> scope : new TreeMap<>(transport.getValue()).entrySet()) {
                add(entries, shown, scope.getKey(), scope.getKey(), scope.getValue());
            }
        }
        return entries;
    }

    private static void add(List<TrustEntry> entries, String transport, String name, String repoName,
                            List<PolicyRequirement> requirements) {
        for (PolicyRequirement requirement : requirements) {
            entries.add(new TrustEntry(transport, name, repoName, typeDescription(requirement), keys(requirement),
                    identity(requirement)));
        }
    }

    /** podman's short names: accept, reject, signed, sigstoreSigned; other types as written. */
    static String typeDescription(PolicyRequirement requirement) {
        if (requirement instanceof InsecureAcceptAnything) {
            return "accept";
        } else if (requirement instanceof Reject) {
            return "reject";
        } else if (requirement instanceof SignedBy) {
            return "signed";
        }
        return requirement.type();
    }

    private static List<String> keys(PolicyRequirement requirement) {
        if (requirement instanceof SignedBy signedBy) {
            return describe(signedBy.keys());
        } else if (requirement instanceof SigstoreSigned sigstore) {
            SigstoreTrustRoot root = sigstore.trustRoot();
            if (root instanceof SigstoreTrustRoot.PublicKeys keys) {
                return describe(keys.keys());
            } else if (root instanceof SigstoreTrustRoot.Fulcio fulcio) {
                return List.of("fulcio " + describe(fulcio.ca()).get(0) + " (" + fulcio.oidcIssuer() + ", "
                        + fulcio.subjectEmail() + ")");
            } else if (root instanceof SigstoreTrustRoot.Pki pki) {
                return List.of("pki " + describe(pki.caRoots()).get(0));
            }
        }
        return List.of();
    }

    private static List<String> describe(KeySource keys) {
        if (keys instanceof KeySource.FromPath path) {
            return List.of(path.path().toString());
        } else if (keys instanceof KeySource.FromPaths paths) {
            return paths.paths().stream().map(Path::toString).toList();
        } else if (keys instanceof KeySource.FromData) {
            return List.of("<inline data>");
        } else if (keys instanceof KeySource.FromDatas datas) {
            return datas.datas().stream().map(d -> "<inline data>").toList();
        }
        throw new AssertionError("unknown key source " + keys);
    }

    private static String identity(PolicyRequirement requirement) {
        if (requirement instanceof SignedBy signedBy) {
            return describe(signedBy.signedIdentity());
        } else if (requirement instanceof SigstoreSigned sigstore) {
            return describe(sigstore.signedIdentity());
        } else if (requirement instanceof SignedBaseLayer baseLayer) {
            return describe(baseLayer.baseLayerIdentity());
        }
        return "";
    }

    static String describe(SignedIdentity identity) {
        if (identity instanceof ExactReference exact) {
            return identity.type() + " " + exact.dockerReference();
        } else if (identity instanceof ExactRepository exact) {
            return identity.type() + " " + exact.dockerRepository();
        } else if (identity instanceof RemapIdentity remap) {
            return identity.type() + " " + remap.prefix() + " -> " + remap.signedPrefix();
        }
        return identity.type();
    }
}
