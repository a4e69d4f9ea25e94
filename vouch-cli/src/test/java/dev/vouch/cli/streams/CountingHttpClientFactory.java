package dev.vouch.cli.streams;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK transport, counting the Kubernetes clients built for each API server (one HTTP client per Kubernetes
 * client; clients derived from one, as watches make, are not counted). Chosen over the plain JDK factory by its
 * priority, through this module's test resources.
 */
public final class CountingHttpClientFactory extends JdkHttpClientFactory {
    private static final Map<String, AtomicInteger> BUILT = new ConcurrentHashMap<>();

    /** How many clients were built for an API server on {@code port} (of this host; ports are not shared). */
    static int built(int port) {
        return BUILT.entrySet().stream().filter(e -> URI.create(e.getKey()).getPort() == port)
                .mapToInt(e -> e.getValue().get()).sum();
    }

    @Override
    public HttpClient.Builder newBuilder(Config config) {
        BUILT.computeIfAbsent(config.getMasterUrl(), url -> new AtomicInteger()).incrementAndGet();
        return super.newBuilder(config);
    }

    @Override
    public int priority() {
        return 1;
    }
}
