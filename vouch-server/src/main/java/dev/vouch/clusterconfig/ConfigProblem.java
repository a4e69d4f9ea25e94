package dev.vouch.clusterconfig;

/**
 * Why a set of objects cannot be used, naming the object and the field: {@code configmap vouch/policy:
 * data.policy.json: ...}. The message never holds the content of a Secret.
 */
final class ConfigProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ClusterObject object;

    ConfigProblem(String namespace, ClusterObject object, String field, String message) {
        super(object.label(namespace) + ": " + field + ": " + message);
        this.object = object;
    }

    /** The object at fault. */
    ClusterObject object() {
        return object;
    }
}
