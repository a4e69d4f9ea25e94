/**
 * The Kubernetes target: workloads in a cluster whose {@code image.openshift.io/triggers} annotation follows a tag
 * are patched to the tag's verified digest when it changes ({@link dev.vouch.kubetarget.KubeTarget}), with Events on
 * the workload saying what was rolled out or refused and why.
 */
package dev.vouch.kubetarget;
