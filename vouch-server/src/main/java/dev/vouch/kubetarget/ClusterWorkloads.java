package dev.vouch.kubetarget;

import dev.vouch.manifests.Container;
import dev.vouch.manifests.Workload;
import dev.vouch.manifests.WorkloadId;
import dev.vouch.manifests.WorkloadKind;
import dev.vouch.trigger.InvalidTriggerException;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerAnnotation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workloads of a cluster as the trigger model sees them: their fabric8 types, triggers and containers. */
final class ClusterWorkloads {

    private ClusterWorkloads() {
    }

    /** The fabric8 model class of {@code kind}. */
    static Class<? extends HasMetadata> type(WorkloadKind kind) {
        return switch (kind) {
            case DEPLOYMENT -> Deployment.class;
            case STATEFUL_SET -> StatefulSet.class;
            case DAEMON_SET -> DaemonSet.class;
            case CRON_JOB -> CronJob.class;
        };
    }

    static WorkloadId id(WorkloadKind kind, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new WorkloadId(kind, namespace == null ? "" : namespace, object.getMetadata().getName());
    }

    /** The trigger annotation's value, if the workload has one. */
    static Optional<String> annotation(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Optional.empty() : Optional.ofNullable(annotations.get(TriggerAnnotation.KEY));
    }

    /**
     * The workload with its parsed triggers (none, and the reason in {@code triggerError}, if the annotation is
     * malformed) and its containers, init containers first. A cluster object has no file position: document and
     * line are 0.
     */
    static Workload read(WorkloadKind kind, HasMetadata object) {
        Optional<String> annotation = annotation(object);
        List<Trigger> triggers = List.of();
        Optional<String> error = Optional.empty();
        if (annotation.isPresent()) {
            try {
                triggers = TriggerAnnotation.parse(annotation.get());
            } catch (InvalidTriggerException e) {
                error = Optional.of(e.getMessage());
            }
        }
        List<Container> containers = new ArrayList<>();
        podSpec(object).ifPresent(spec -> {
            add(containers, spec.getInitContainers(), true);
            add(containers, spec.getContainers(), false);
        });
        return new Workload(0, id(kind, object), 0, annotation.isPresent(), triggers, error, containers);
    }

    private static void add(List<Container> into, List<io.fabric8.kubernetes.api.model.Container> list,
                            boolean init) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            io.fabric8.kubernetes.api.model.Container container = list.get(i);
            if (container.getName() != null) {
                into.add(new Container(container.getName(), init, i, Optional.ofNullable(container.getImage()),
                        Optional.empty()));
            }
        }
    }

    private static Optional<PodSpec> podSpec(HasMetadata object) {
        PodTemplateSpec template = null;
        if (object instanceof Deployment deployment && deployment.getSpec() != null) {
            template = deployment.getSpec().getTemplate();
        } else if (object instanceof StatefulSet statefulSet && statefulSet.getSpec() != null) {
            template = statefulSet.getSpec().getTemplate();
        } else if (object instanceof DaemonSet daemonSet && daemonSet.getSpec() != null) {
            template = daemonSet.getSpec().getTemplate();
        } else if (object instanceof CronJob cronJob && cronJob.getSpec() != null) {
            JobTemplateSpec job = cronJob.getSpec().getJobTemplate();
            template = job == null || job.getSpec() == null ? null : job.getSpec().getTemplate();
        }
        return Optional.ofNullable(template).map(PodTemplateSpec::getSpec);
    }
}
