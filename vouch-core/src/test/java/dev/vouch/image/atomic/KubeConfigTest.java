package dev.vouch.image.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeConfigTest {
    @TempDir
    Path home;

    private static String config(String context, String server, String user) {
        return "current-context: " + context + "\n"
                + "contexts:\n- name: " + context + "\n  context: {cluster: c1, user: u1}\n"
                + "clusters:\n- name: c1\n  cluster: {server: \"" + server + "\"}\n"
                + "users:\n- name: u1\n  user: " + user + "\n";
    }

    @Test
    void readsTheCurrentContextOfTheHomeConfig() throws IOException {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), config("ctx", "https://api.example.com:6443",
                "{token: secret-token}"));
        KubeConfig config = KubeConfig.load(Map.of(), home);
        assertThat(config.server()).isEqualTo(URI.create("https://api.example.com:6443"));
        assertThat(config.bearerToken()).contains("secret-token");
        assertThat(config.toString()).doesNotContain("secret-token");
    }

    @Test
    void kubeconfigVariableListsFilesAndTheFirstDefinitionWins() throws IOException {
        Path first = Files.writeString(home.resolve("first"), config("one", "https://first.example.com",
                "{token: first-token}"));
        Path second = Files.writeString(home.resolve("second"), config("two", "https://second.example.com",
                "{token: second-token}"));
        KubeConfig config = KubeConfig.load(Map.of("KUBECONFIG", home.resolve("missing") + ":" + first + ":"
                + second), home);
        assertThat(config.server().getHost()).isEqualTo("first.example.com");
        assertThat(config.bearerToken()).contains("first-token");
    }

    @Test
    void credentialsAreNotUsedOverPlainHttp() throws IOException {
        Path file = Files.writeString(home.resolve("config"), config("ctx", "http://api.example.com:8080",
                "{token: secret-token, username: admin, password: pw}"));
        KubeConfig config = KubeConfig.load(Map.of("KUBECONFIG", file.toString()), home);
        assertThat(config.bearerToken()).isEmpty();
        assertThat(config.username()).isEmpty();
        assertThat(config.password()).isEmpty();
    }

    @Test
    void noConfigurationIsAnError() {
        assertThatThrownBy(() -> KubeConfig.load(Map.of(), home)).isInstanceOf(IOException.class)
                .hasMessageContaining("no current context");
    }

    @Test
    void clientCertificatesAreRefused() throws IOException {
        Path file = Files.writeString(home.resolve("config"), config("ctx", "https://api.example.com",
                "{client-certificate-data: AAAA, client-key-data: BBBB}"));
        assertThatThrownBy(() -> KubeConfig.load(Map.of("KUBECONFIG", file.toString()), home))
                .hasMessageContaining("client-certificate-data").hasMessageNotContaining("BBBB");
    }

    @Test
    void bothCertificateAuthorityFormsAreRefused() throws IOException {
        Path file = Files.writeString(home.resolve("config"), config("ctx", "https://api.example.com", "{}")
                .replace("{server: \"https://api.example.com\"}", "{server: \"https://api.example.com\", "
                        + "certificate-authority: ca.crt, certificate-authority-data: AAAA}"));
        assertThatThrownBy(() -> KubeConfig.load(Map.of("KUBECONFIG", file.toString()), home))
                .hasMessageContaining("both");
    }

    @Test
    void aServerThatIsNoHttpUrlIsRefused() throws IOException {
        Path file = Files.writeString(home.resolve("config"), config("ctx", "ftp://api.example.com", "{}"));
        assertThatThrownBy(() -> KubeConfig.load(Map.of("KUBECONFIG", file.toString()), home))
                .hasMessageContaining("http or https");
    }
}
