package dev.vouch.trigger;

/** Where a workload keeps its pod spec: the prefix of every trigger field path for that kind of workload. */
public enum PodSpecPath {
    /** Deployment, StatefulSet, DaemonSet. */
    TEMPLATE("spec.template.spec"),
    /** CronJob. */
    JOB_TEMPLATE("spec.jobTemplate.spec.template.spec");

    private final String path;

    PodSpecPath(String path) {
        this.path = path;
    }

    /** The dotted path, e.g. {@code spec.template.spec}. */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return path;
    }
}
