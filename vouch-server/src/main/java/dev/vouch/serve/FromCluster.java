package dev.vouch.serve;

import dev.vouch.clusterconfig.ClusterConfigException;
import dev.vouch.clusterconfig.ClusterConfigMirror;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.stream.StreamConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Optional;

/**
 * The {@code fromCluster} section of {@code vouch serve} at work: the mirror of the objects into the files
 * {@link StreamConfig#policyFile()} and {@link StreamConfig#registriesDirectory()} name. Started before admission and
 * the engine read those files; closing stops the mirror. The client is the process's: it is borrowed, never closed
 * here.
 */
public final class FromCluster implements AutoCloseable {
    private final ClusterConfigMirror mirror;

    private FromCluster(ClusterConfigMirror mirror) {
        this.mirror = mirror;
    }

    /**
     * Mirrors the objects once and keeps following them; empty if {@code config} has no {@code fromCluster} section.
     *
     * @param client the configured cluster's API (not closed by the mirror)
     * @throws ClusterConfigException if an object is missing or invalid (naming the field and the object)
     */
    public static Optional<FromCluster> start(StreamConfig config, KubernetesClient client, JsonLog log, Clock clock)
            throws ClusterConfigException {
        if (config.fromCluster().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FromCluster(ClusterConfigMirror.start(config.fromCluster().get(), client, log,
                clock)));
    }

    /** Adds the mirror's alert gauge to {@code metrics}. */
    public void register(Metrics metrics) {
        mirror.register(metrics);
    }

    @Override
    public void close() {
        mirror.close();
    }
}
