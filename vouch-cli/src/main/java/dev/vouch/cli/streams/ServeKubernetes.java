package dev.vouch.cli.streams;

import dev.vouch.cli.UserInputException;
import dev.vouch.serve.KubernetesClients;
import dev.vouch.stream.StreamConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;

/**
 * The one Kubernetes client of a {@code vouch serve} process, built from vouch.yaml's {@code kubernetes} section the
 * first time something asks for it (the {@code fromCluster} mirror, the cluster engine, admission), so that a
 * configuration that needs none never connects. This object owns it: the others borrow it and never close it; it is
 * closed once, by {@link #close()}, after they all stopped (their watches and servers use it until then).
 */
final class ServeKubernetes implements AutoCloseable {
    private final StreamConfig streams;
    private KubernetesClient client;
    private boolean closed;

    ServeKubernetes(StreamConfig streams) {
        this.streams = streams;
    }

    /**
     * The client, connected on the first call.
     *
     * @throws UserInputException if the kubeconfig or in-cluster account cannot be used (one line naming the field)
     * @throws IllegalStateException if vouch.yaml has no kubernetes section (its validation requires one wherever a
     *     client is asked for), or after {@link #close()}
     */
    synchronized KubernetesClient client() {
        if (closed) {
            throw new IllegalStateException("the Kubernetes client is closed");
        }
        if (client == null) {
            try {
                client = KubernetesClients.connect(streams.kubernetes().orElseThrow(() -> new IllegalStateException(
                        streams.file() + ": no kubernetes section")));
            } catch (IOException e) {
                throw new UserInputException(streams.file() + ": " + e.getMessage(), e);
            }
        }
        return client;
    }

    /** Closes the client if one was connected; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
