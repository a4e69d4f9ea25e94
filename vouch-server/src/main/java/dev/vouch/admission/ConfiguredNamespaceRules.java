package dev.vouch.admission;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Namespace rules from configuration: a default mode, modes per namespace, the exempt namespaces and those that opted
 * out of digest pinning.
 */
public record ConfiguredNamespaceRules(AdmissionMode defaultMode, Map<String, AdmissionMode> modes,
                                       Set<String> exemptNamespaces, Set<String> unpinnedNamespaces)
        implements NamespaceRules {
    /** The control plane's namespaces, exempt unless configured otherwise. */
    public static final Set<String> CONTROL_PLANE = Set.of("kube-system", "kube-public", "kube-node-lease");

    public ConfiguredNamespaceRules {
        Objects.requireNonNull(defaultMode, "defaultMode");
        modes = Map.copyOf(modes);
        exemptNamespaces = Set.copyOf(exemptNamespaces);
        unpinnedNamespaces = Set.copyOf(unpinnedNamespaces);
    }

    @Override
    public boolean exempt(String namespace) {
        return exemptNamespaces.contains(namespace);
    }

    @Override
    public AdmissionMode mode(String namespace) {
        return modes.getOrDefault(namespace, defaultMode);
    }

    @Override
    public boolean pinDigests(String namespace) {
        return !unpinnedNamespaces.contains(namespace);
    }
}
