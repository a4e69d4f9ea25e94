/**
 * Deployment triggers in OpenShift's format: the {@code image.openshift.io/triggers} annotation on Deployments,
 * StatefulSets, DaemonSets and CronJobs ({@link dev.vouch.trigger.TriggerAnnotation}), each entry a
 * {@link dev.vouch.trigger.Trigger} from a {@link dev.vouch.trigger.TriggerSource} to a container's image named by a
 * {@link dev.vouch.trigger.FieldPath}.
 */
package dev.vouch.trigger;
