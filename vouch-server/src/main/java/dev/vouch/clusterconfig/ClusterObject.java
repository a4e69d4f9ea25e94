package dev.vouch.clusterconfig;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A ConfigMap or Secret vouch reads its configuration from, in the namespace of the {@code fromCluster} section.
 *
 * @param kind which kind of object
 * @param name its name: a DNS-1123 subdomain, as Kubernetes requires (so it is also a safe directory name)
 */
public record ClusterObject(Kind kind, String name) {
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*");

    /** The two kinds of object configuration is read from. */
    public enum Kind {
        CONFIG_MAP("ConfigMap", "configmap"),
        SECRET("Secret", "secret");

        private final String kind;
        private final String resource;

        Kind(String kind, String resource) {
            this.kind = kind;
            this.resource = resource;
        }

        /** The API kind, e.g. {@code ConfigMap}. */
        public String kind() {
            return kind;
        }

        /** The name {@code kubectl} uses, e.g. {@code configmap}. */
        public String resource() {
            return resource;
        }
    }

    public ClusterObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!isName(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a Kubernetes object name (lower-case letters,"
                    + " digits, '-' and '.', at most 253)");
        }
    }

    /** Whether {@code name} is a DNS-1123 subdomain: the names of ConfigMaps and Secrets. */
    public static boolean isName(String name) {
        return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }

    /** {@code configmap NAMESPACE/NAME}, as problems name the object. */
    public String label(String namespace) {
        return kind.resource() + " " + namespace + "/" + name;
    }
}
