package dev.vouch.cli;

import dev.vouch.serve.KubernetesClients;
import dev.vouch.stream.KubernetesSettings;
import dev.vouch.trigger.KubernetesNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which cluster and namespace a command works on, with kubectl's and oc's flags: {@code --kubeconfig},
 * {@code --context}, {@code -n/--namespace}, and {@code --cluster} to name none of them (the current context of
 * {@code $KUBECONFIG} or {@code ~/.kube/config}, or the in-cluster account). Any of them selects the cluster.
 */
public final class ClusterOptions {

    @Option(names = "--cluster", description = "work on the cluster of the current kubeconfig context (implied by"
            + " --kubeconfig, --context and -n)")
    boolean cluster;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster account)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: its current one)")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "the namespace (default: the context's, else default)")
    String namespace;

    /** A connected client and the namespace to work in; closing it closes the client. */
    public record Cluster(KubernetesClient client, String namespace) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    /** The first cluster flag given, as the user wrote it; empty when the command works on local files. */
    public Optional<String> given() {
        if (kubeconfig != null) {
            return Optional.of("--kubeconfig");
        }
        if (context != null) {
            return Optional.of("--context");
        }
        if (namespace != null) {
            return Optional.of("--namespace");
        }
        return cluster ? Optional.of("--cluster") : Optional.empty();
    }

    /** Connects (nothing is sent yet); a bad flag or kubeconfig is a user error naming the flag. */
    public Cluster connect() {
        if (namespace != null && !KubernetesNames.isDnsLabel(namespace)) {
            throw new UserInputException("--namespace: " + namespace + ": not a namespace name (lowercase letters,"
                    + " digits and '-', at most 63)");
        }
        KubernetesClient client;
        try {
            client = KubernetesClients.connect(new KubernetesSettings(Optional.ofNullable(kubeconfig),
                    Optional.ofNullable(context)));
        } catch (IOException e) {
            throw new UserInputException(e.getMessage().replaceFirst("^kubernetes\\.kubeconfig:", "--kubeconfig:")
                    .replaceFirst("^kubernetes\\.context:", "--context:")
                    .replaceFirst("^kubernetes:", "--kubeconfig:"), e);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--context: must not be empty", e);
        }
        String chosen = namespace != null ? namespace : Optional.ofNullable(client.getNamespace()).orElse("default");
        return new Cluster(client, chosen);
    }
}
