package dev.vouch.registriesd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.testing.registry.StaticFileServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpLookasideTest {
    static final Digest DIGEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path root;

    @Test
    void readsSignaturesUntilTheFirstNotFound() throws Exception {
        Path dir = Files.createDirectories(root.resolve("team/app@sha256=" + DIGEST.encoded()));
        Files.write(dir.resolve("signature-1"), new byte[] {(byte) 0xa3, 1, 2});
        Files.write(dir.resolve("signature-2"), new byte[] {(byte) 0xa3, 3});
        try (StaticFileServer server = StaticFileServer.start(root)) {
            HttpLookaside reader = HttpLookaside.create(SSLContext.getDefault());
            URI base = URI.create(server.url() + "/team/app");
            assertThat(reader.read(LookasidePaths.signature(base, DIGEST, 1))).hasValueSatisfying(
                    b -> assertThat(b).containsExactly((byte) 0xa3, 1, 2));
            assertThat(reader.read(LookasidePaths.signature(base, DIGEST, 3))).isEmpty();
            assertThat(LookasideSignatures.read(reader, base, DIGEST)).hasSize(2);
        }
    }

    @Test
    void aServerErrorIsAnErrorNotTheEndOfTheList() throws Exception {
        try (StaticFileServer server = StaticFileServer.start(root)) {
            server.failWith(503);
            HttpLookaside reader = HttpLookaside.create(SSLContext.getDefault());
            URI base = URI.create(server.url() + "/team/app");
            assertThatThrownBy(() -> LookasideSignatures.read(reader, base, DIGEST)).hasMessageContaining("status 503");
        }
    }

    @Test
    void aSharedHttpClientMustFollowRedirectsButNeverToPlainHttp() throws Exception {
        HttpClient never = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpClient always = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build();
        HttpClient normal = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> HttpLookaside.create(never)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpLookaside.create(always)).isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpLookaside.create(normal).supports(URI.create("https://h/x"))).isTrue();
    }

    @Test
    void supportsOnlyHttpSchemes() throws Exception {
        HttpLookaside reader = HttpLookaside.create(SSLContext.getDefault());
        assertThat(reader.supports(URI.create("https://h/x"))).isTrue();
        assertThat(reader.supports(URI.create("http://h/x"))).isTrue();
        assertThat(reader.supports(URI.create("file:///x"))).isFalse();
    }
}
