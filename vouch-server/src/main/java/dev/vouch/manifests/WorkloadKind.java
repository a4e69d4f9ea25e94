package dev.vouch.manifests;

import dev.vouch.trigger.PodSpecPath;
import java.util.Locale;
import java.util.Optional;

/** The kinds of workload a trigger may be set on, with their API version and where their pod spec is. */
public enum WorkloadKind {
    DEPLOYMENT("apps/v1", "Deployment", PodSpecPath.TEMPLATE),
    STATEFUL_SET("apps/v1", "StatefulSet", PodSpecPath.TEMPLATE),
    DAEMON_SET("apps/v1", "DaemonSet", PodSpecPath.TEMPLATE),
    CRON_JOB("batch/v1", "CronJob", PodSpecPath.JOB_TEMPLATE);

    private final String apiVersion;
    private final String kind;
    private final PodSpecPath podSpec;

    WorkloadKind(String apiVersion, String kind, PodSpecPath podSpec) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.podSpec = podSpec;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** The {@code kind} value, e.g. {@code StatefulSet}. */
    public String kind() {
        return kind;
    }

    public PodSpecPath podSpec() {
        return podSpec;
    }

    /** The kind named {@code kind} (any API version), if it is one of these. */
    public static Optional<WorkloadKind> ofKind(String kind) {
        for (WorkloadKind value : values()) {
            if (value.kind.equals(kind)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The lowercase resource name kubectl and oc print, e.g. {@code statefulset}. */
    public String resourceName() {
        return kind.toLowerCase(Locale.ROOT);
    }
}
