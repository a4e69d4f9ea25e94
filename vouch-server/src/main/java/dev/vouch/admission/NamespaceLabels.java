package dev.vouch.admission;

import java.util.Map;
import java.util.Optional;

/** The labels of namespaces as last seen (a cache kept up to date by a watch), never asked for per request. */
public interface NamespaceLabels {

    /** Whether the cache holds every namespace: before that, only vouch.yaml's rules are used. */
    boolean synced();

    /** The labels of {@code namespace}, empty if it is not (or not yet) known. */
    Optional<Map<String, String>> labels(String namespace);
}
