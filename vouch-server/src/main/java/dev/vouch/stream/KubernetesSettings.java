package dev.vouch.stream;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code vouch serve} reaches a Kubernetes API: the {@code kubernetes} section of vouch.yaml. Its presence turns
 * on what needs the API (the Kubernetes target, configuration from ConfigMaps and Secrets, admission's namespace
 * labels, Events and pull secrets).
 *
 * @param kubeconfig the kubeconfig file; empty means the in-cluster service account when running in a pod, else
 *     {@code $KUBECONFIG} or {@code ~/.kube/config}
 * @param context the kubeconfig context to use; empty means the file's current context
 */
public record KubernetesSettings(Optional<Path> kubeconfig, Optional<String> context) {
    /** The section written as {@code kubernetes: {}}: everything found by auto-configuration. */
    public static final KubernetesSettings AUTOMATIC = new KubernetesSettings(Optional.empty(), Optional.empty());

    public KubernetesSettings {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(context, "context");
        if (context.isPresent() && context.get().isBlank()) {
            throw new IllegalArgumentException("context: must not be empty");
        }
    }
}
