package dev.vouch.cli.triggers;

import dev.vouch.manifests.Workload;
import dev.vouch.manifests.WorkloadKind;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** {@code KIND/NAME} on the command line, with the kind spelled as kubectl and oc accept it. */
record Selector(WorkloadKind kind, String name) {
    private static final Map<String, WorkloadKind> KINDS = Map.ofEntries(
            Map.entry("deploy", WorkloadKind.DEPLOYMENT), Map.entry("deployment", WorkloadKind.DEPLOYMENT),
            Map.entry("deployments", WorkloadKind.DEPLOYMENT), Map.entry("sts", WorkloadKind.STATEFUL_SET),
            Map.entry("statefulset", WorkloadKind.STATEFUL_SET), Map.entry("statefulsets", WorkloadKind.STATEFUL_SET),
            Map.entry("ds", WorkloadKind.DAEMON_SET), Map.entry("daemonset", WorkloadKind.DAEMON_SET),
            Map.entry("daemonsets", WorkloadKind.DAEMON_SET), Map.entry("cj", WorkloadKind.CRON_JOB),
            Map.entry("cronjob", WorkloadKind.CRON_JOB), Map.entry("cronjobs", WorkloadKind.CRON_JOB));

    static Selector parse(CommandLine commandLine, String value) {
        int slash = value.indexOf('/');
        WorkloadKind kind = slash > 0 ? KINDS.get(value.substring(0, slash).toLowerCase(Locale.ROOT)) : null;
        if (kind == null || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
            throw new CommandLine.ParameterException(commandLine, "\"" + value + "\" is not KIND/NAME with KIND one "
                    + "of deployment, statefulset, daemonset, cronjob");
        }
        return new Selector(kind, value.substring(slash + 1));
    }

    boolean matches(Workload workload) {
        return workload.id().kind() == kind && workload.id().name().equals(name);
    }

    @Override
    public String toString() {
        return kind.resourceName() + "/" + name;
    }
}
