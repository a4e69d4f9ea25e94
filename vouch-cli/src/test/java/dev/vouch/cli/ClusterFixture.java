package dev.vouch.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The fabric8 mock API server in CRUD mode (plain HTTP on 127.0.0.1) and a kubeconfig reaching it: context
 * {@code mock} (current, namespace {@code shop}) and context {@code other} (namespace {@code other}).
 */
public final class ClusterFixture implements AutoCloseable {
    public final KubernetesMockServer server;
    public final KubernetesClient client;
    public final Path kubeconfig;

    public ClusterFixture(Path directory) throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        String url = client.getConfiguration().getMasterUrl();
        kubeconfig = Files.writeString(directory.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: shop}
                - name: other
                  context: {cluster: mock, user: tester, namespace: other}
                current-context: mock
                users:
                - name: tester
                  user: {token: not-a-secret}
                """.formatted(url));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
