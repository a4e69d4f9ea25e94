package dev.vouch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an {@code AdmissionReview} (v1) request that admission uses.
 *
 * @param uid the request's UID, echoed in the response
 * @param group the API group of {@code kind} ({@code ""} for core)
 * @param kind the object's kind, e.g. {@code Deployment}
 * @param subResource empty or the subresource, e.g. {@code ephemeralcontainers}
 * @param namespace the namespace, empty for a cluster-scoped object
 * @param name the object's name, empty when the server generates it
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param dryRun whether the request has no side effects (no Events may be recorded for it)
 * @param object the object as it will be stored, empty for {@code DELETE}
 * @param username the user making the request, for audit records
 */
public record AdmissionRequest(String uid, String group, String kind, String subResource, String namespace,
                               String name, String operation, boolean dryRun, Optional<JsonNode> object,
                               String username) {
    public AdmissionRequest {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subResource, "subResource");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(username, "username");
    }

    /** {@code Deployment.apps team/web}: how logs and messages name the object. */
    public String describe() {
        String qualified = group.isEmpty() ? kind : kind + "." + group;
        String object = name.isEmpty() ? "(generated name)" : name;
        return qualified + " " + (namespace.isEmpty() ? object : namespace + "/" + object);
    }
}
