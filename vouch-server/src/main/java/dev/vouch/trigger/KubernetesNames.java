package dev.vouch.trigger;

import java.util.regex.Pattern;

/** Kubernetes' rules for names: namespaces and container names are DNS-1123 labels, most objects' names subdomains. */
public final class KubernetesNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
            + "(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*");

    private KubernetesNames() {
    }

    /** Whether {@code name} is a DNS-1123 label: lowercase letters, digits and '-', at most 63, alphanumeric ends. */
    public static boolean isDnsLabel(String name) {
        return DNS_LABEL.matcher(name).matches();
    }

    /** Whether {@code name} is a DNS-1123 subdomain (most object names): labels joined by '.', at most 253. */
    public static boolean isDnsSubdomain(String name) {
        return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }
}
