package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.stream.KubernetesSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientsTest {
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: one
              cluster: {server: https://127.0.0.1:6443}
            - name: two
              cluster: {server: https://127.0.0.1:7443}
            users:
            - name: admin
              user: {token: secret-token-value}
            contexts:
            - name: first
              context: {cluster: one, user: admin, namespace: apps}
            - name: second
              context: {cluster: two, user: admin}
            current-context: first
            """;

    @TempDir
    Path dir;

    @Test
    void usesTheKubeconfigAndItsContext() throws Exception {
        Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);
        try (KubernetesClient current = KubernetesClients.connect(
                new KubernetesSettings(Optional.of(file), Optional.empty()))) {
            assertThat(current.getMasterUrl().toString()).startsWith("https://127.0.0.1:6443");
            assertThat(current.getNamespace()).isEqualTo("apps");
        }
        try (KubernetesClient second = KubernetesClients.connect(
                new KubernetesSettings(Optional.of(file), Optional.of("second")))) {
            assertThat(second.getMasterUrl().toString()).startsWith("https://127.0.0.1:7443");
        }
    }

    @Test
    void anUnreadableKubeconfigIsOneLineNamingIt() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> KubernetesClients.connect(new KubernetesSettings(Optional.of(missing),
                Optional.empty())))
                .isInstanceOf(IOException.class)
                .hasMessage("kubernetes.kubeconfig: " + missing + ": cannot be read");
    }

    @Test
    void anUnknownContextNamesTheFileNotItsCredentials() throws Exception {
        Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);
        assertThatThrownBy(() -> KubernetesClients.connect(new KubernetesSettings(Optional.of(file),
                Optional.of("third"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("third")
                .hasMessageNotContaining("secret-token-value");
    }
}
