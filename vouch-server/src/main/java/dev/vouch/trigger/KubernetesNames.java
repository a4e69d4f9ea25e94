package dev.vouch.trigger;

import java.util.regex.Pattern;

/** Kubernetes' rule for namespaces and container names: a DNS-1123 label. */
public final class KubernetesNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");

    private KubernetesNames() {
    }

    /** Whether {@code name} is a DNS-1123 label: lowercase letters, digits and '-', at most 63, alphanumeric ends. */
    public static boolean isDnsLabel(String name) {
        return DNS_LABEL.matcher(name).matches();
    }
}
