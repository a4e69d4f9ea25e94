package dev.vouch.serve;

import dev.vouch.clusterconfig.ClusterConfigException;
import dev.vouch.clusterconfig.ClusterConfigMirror;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.stream.StreamConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * The {@code fromCluster} section of {@code vouch serve} at work: a client of the configured cluster and the mirror
 * of the objects into the files {@link StreamConfig#policyFile()} and {@link StreamConfig#registriesDirectory()}
 * name. Started before admission and the engine read those files; closing stops the mirror, then the client.
 */
public final class FromCluster implements AutoCloseable {
    private final KubernetesClient client;
    private final ClusterConfigMirror mirror;

    private FromCluster(KubernetesClient client, ClusterConfigMirror mirror) {
        this.client = client;
        this.mirror = mirror;
    }

    /**
     * Mirrors the objects once and keeps following them; empty if {@code config} has no {@code fromCluster} section.
     *
     * @throws IOException if the cluster cannot be reached as configured (naming the field)
     * @throws ClusterConfigException if an object is missing or invalid (naming the field and the object)
     */
    public static Optional<FromCluster> start(StreamConfig config, JsonLog log, Clock clock)
            throws IOException, ClusterConfigException {
        if (config.fromCluster().isEmpty()) {
            return Optional.empty();
        }
        if (config.kubernetes().isEmpty()) {
            throw new IllegalArgumentException("fromCluster needs the kubernetes section");
        }
        KubernetesClient client = KubernetesClients.connect(config.kubernetes().get());
        try {
            return Optional.of(new FromCluster(client, ClusterConfigMirror.start(config.fromCluster().get(), client,
                    log, clock)));
        } catch (ClusterConfigException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Adds the mirror's alert gauge to {@code metrics}. */
    public void register(Metrics metrics) {
        mirror.register(metrics);
    }

    @Override
    public void close() {
        mirror.close();
        client.close();
    }
}
