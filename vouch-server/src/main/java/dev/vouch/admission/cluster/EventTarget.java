package dev.vouch.admission.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * The object an Event is recorded on: the workload that owns what was admitted, named without being read (on CREATE
 * it may not exist yet, and then has no UID).
 */
record EventTarget(String apiVersion, String kind, String namespace, String name, Optional<String> uid) {
    EventTarget {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
    }

    /** {@code Deployment team/web}: how logs name it. */
    String describe() {
        return kind + " " + namespace + "/" + name;
    }
}
