package dev.vouch.registry.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vouch.testing.registry.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void theSameDirectoryContentGivesTheSameSettingAndClients() throws Exception {
        writeAuthority("ca.crt", TestCertificates.authority("CA one"));
        SharedTls first = SharedTls.of(Optional.of(dir), true);
        SharedTls again = SharedTls.of(Optional.of(dir.resolve(".").resolve("")), true);

        assertThat(again).isSameAs(first);
        assertThat(again.httpClient(HttpClient.Redirect.NEVER, TIMEOUT))
                .isSameAs(first.httpClient(HttpClient.Redirect.NEVER, TIMEOUT));
        assertThat(first.httpClient(HttpClient.Redirect.NEVER, TIMEOUT).sslContext()).isSameAs(first.sslContext());
    }

    @Test
    void clientsDifferByRedirectPolicyAndConnectTimeout() throws Exception {
        SharedTls tls = SharedTls.of(Optional.empty(), true);
        HttpClient never = tls.httpClient(HttpClient.Redirect.NEVER, TIMEOUT);

        assertThat(never.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(tls.httpClient(HttpClient.Redirect.NORMAL, TIMEOUT)).isNotSameAs(never)
                .satisfies(c -> assertThat(c.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL));
        assertThat(tls.httpClient(HttpClient.Redirect.NEVER, Duration.ofSeconds(11))).isNotSameAs(never);
    }

    @Test
    void verificationOnAndOffAreSeparateSettings() throws Exception {
        assertThat(SharedTls.of(Optional.empty(), false)).isNotSameAs(SharedTls.of(Optional.empty(), true));
        assertThat(SharedTls.of(Optional.of(dir), true)).isNotSameAs(SharedTls.of(Optional.empty(), true));
    }

    @Test
    void aReplacedCertificateIsTrustedAtOnceAndTheOldOneNoLonger() throws Exception {
        TestCertificates.Issued trusted = TestCertificates.authority("CA trusted");
        TestCertificates.Issued other = TestCertificates.authority("CA other");
        HttpsServer server = httpsServer(TestCertificates.server(trusted));
        try {
            URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
            writeAuthority("ca.crt", other);
            SharedTls before = SharedTls.of(Optional.of(dir), true);
            assertThatThrownBy(() -> get(before, uri)).isInstanceOf(SSLHandshakeException.class);

            writeAuthority("ca.crt", trusted);
            SharedTls after = SharedTls.of(Optional.of(dir), true);
            assertThat(after).isNotSameAs(before);
            assertThat(get(after, uri)).isEqualTo(200);

            writeAuthority("ca.crt", other);
            SharedTls reverted = SharedTls.of(Optional.of(dir), true);
            assertThatThrownBy(() -> get(reverted, uri)).isInstanceOf(SSLHandshakeException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAddedFileMakesANewSetting() throws Exception {
        writeAuthority("ca.crt", TestCertificates.authority("CA one"));
        SharedTls before = SharedTls.of(Optional.of(dir), true);
        writeAuthority("second.crt", TestCertificates.authority("CA two"));

        assertThat(SharedTls.of(Optional.of(dir), true)).isNotSameAs(before);
    }

    @Test
    void anInvalidDirectoryIsAnErrorThatIsNotRemembered() throws Exception {
        Files.writeString(dir.resolve("client.key"), TestCertificates.pem(TestCertificates.rsaKeyPair().getPrivate()));
        assertThatThrownBy(() -> SharedTls.of(Optional.of(dir), true))
                .isInstanceOf(IOException.class).hasMessageContaining("missing client certificate client.cert");

        Files.delete(dir.resolve("client.key"));
        assertThat(SharedTls.of(Optional.of(dir), true)).isNotNull();
    }

    @Test
    void onlyTheSettingsUsedLastAreKept() throws Exception {
        for (int i = 0; i <= SharedTls.MAX_SETTINGS; i++) {
            Path directory = Files.createDirectories(dir.resolve("registry-" + i));
            SharedTls.of(Optional.of(directory), true);
        }
        assertThat(SharedTls.cachedSettings()).isLessThanOrEqualTo(SharedTls.MAX_SETTINGS);
    }

    private void writeAuthority(String name, TestCertificates.Issued authority) throws IOException {
        Files.writeString(dir.resolve(name), TestCertificates.pem(authority.certificate()));
    }

    private static int get(SharedTls tls, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        return tls.httpClient(HttpClient.Redirect.NEVER, TIMEOUT)
                .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpsServer httpsServer(TestCertificates.Issued certificate) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
