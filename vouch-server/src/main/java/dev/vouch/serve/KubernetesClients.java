package dev.vouch.serve;

import dev.vouch.stream.KubernetesSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one place where {@code vouch serve} builds its Kubernetes client from vouch.yaml's {@code kubernetes} section. */
public final class KubernetesClients {
    private KubernetesClients() {
    }

    /**
     * A client for the configured cluster. Nothing is sent yet: an unreachable or refusing API server shows at the
     * first request.
     *
     * @throws IOException if the kubeconfig file cannot be read or does not name the context (one line naming the
     *     file; never its credentials)
     */
    public static KubernetesClient connect(KubernetesSettings settings) throws IOException {
        Config config;
        if (settings.kubeconfig().isPresent()) {
            Path file = settings.kubeconfig().get();
            if (!Files.isReadable(file)) {
                throw new IOException("kubernetes.kubeconfig: " + file + ": cannot be read");
            }
            try {
                config = Config.fromKubeconfig(settings.context().orElse(null), file.toFile());
            } catch (KubernetesClientException | IllegalArgumentException e) {
                throw new IOException("kubernetes.kubeconfig: " + file + ": not a usable kubeconfig"
                        + settings.context().map(c -> " with context " + c).orElse(""), e);
            }
        } else {
            try {
                config = Config.autoConfigure(settings.context().orElse(null));
            } catch (KubernetesClientException | IllegalArgumentException e) {
                throw new IOException("kubernetes: no usable in-cluster account or kubeconfig"
                        + settings.context().map(c -> " with context " + c).orElse(""), e);
            }
        }
        if (settings.context().isPresent() && (config.getCurrentContext() == null
                || !settings.context().get().equals(config.getCurrentContext().getName()))) {
            // The client falls back to the file's current context for an unknown name: refuse instead.
            throw new IOException("kubernetes.context: no context " + settings.context().get() + " in "
                    + settings.kubeconfig().map(Path::toString).orElse("the kubeconfig"));
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
