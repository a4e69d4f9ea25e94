package dev.vouch.admission;

import java.util.Optional;

/** The kinds of object whose images admission checks, keyed by API group and kind, with where their pod spec is. */
public enum AdmittedKind {
    POD("", "Pod", "/spec"),
    REPLICATION_CONTROLLER("", "ReplicationController", "/spec/template/spec"),
    DEPLOYMENT("apps", "Deployment", "/spec/template/spec"),
    REPLICA_SET("apps", "ReplicaSet", "/spec/template/spec"),
    STATEFUL_SET("apps", "StatefulSet", "/spec/template/spec"),
    DAEMON_SET("apps", "DaemonSet", "/spec/template/spec"),
    JOB("batch", "Job", "/spec/template/spec"),
    CRON_JOB("batch", "CronJob", "/spec/jobTemplate/spec/template/spec");

    private final String group;
    private final String kind;
    private final String podSpecPointer;

    AdmittedKind(String group, String kind, String podSpecPointer) {
        this.group = group;
        this.kind = kind;
        this.podSpecPointer = podSpecPointer;
    }

    /** The API group ({@code ""} for the core group). */
    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    /** The JSON pointer (RFC 6901) of the pod spec in an object of this kind, e.g. {@code /spec/template/spec}. */
    public String podSpecPointer() {
        return podSpecPointer;
    }

    /** The kind with this group and kind, if admission knows where its images are. */
    public static Optional<AdmittedKind> of(String group, String kind) {
        for (AdmittedKind value : values()) {
            if (value.group.equals(group) && value.kind.equals(kind)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** {@code Deployment.apps}, {@code Pod}: the group-qualified kind as Kubernetes writes it. */
    public String qualifiedName() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
