package dev.vouch.registriesd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.registry.tls.SharedTls;
import dev.vouch.testing.registry.ScriptedHttpServer;
import dev.vouch.testing.registry.StaticFileServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    /** A reader over a shared TLS setting follows a redirect, but never one from https: down to plain http:. */
    @Test
    void aSharedReaderFollowsRedirectsButNeverToPlainHttp() throws Exception {
        Path dir = Files.createDirectories(root.resolve("team/app@sha256=" + DIGEST.encoded()));
        Files.write(dir.resolve("signature-1"), new byte[] {(byte) 0xa3, 1});
        HttpLookaside reader = HttpLookaside.create(SharedTls.of(Optional.empty(), false));
        try (StaticFileServer plain = StaticFileServer.start(root);
             ScriptedHttpServer moved = ScriptedHttpServer.start(redirectTo(plain.url()));
             ScriptedHttpServer secure = ScriptedHttpServer.startTls(redirectTo(plain.url()))) {
            URI signature = LookasidePaths.signature(URI.create("http://" + moved.hostPort() + "/team/app"), DIGEST, 1);
            assertThat(reader.read(signature)).hasValueSatisfying(b -> assertThat(b).containsExactly((byte) 0xa3, 1));

            URI downgraded = LookasidePaths.signature(URI.create("https://" + secure.hostPort() + "/team/app"),
                    DIGEST, 1);
            assertThatThrownBy(() -> reader.read(downgraded)).hasMessageContaining("status 302");
            assertThat(secure.requests()).hasSize(1);
        }
    }

    private static ScriptedHttpServer.Script redirectTo(String base) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", base + exchange.getRequestURI().getPath());
            ScriptedHttpServer.respond(exchange, 302, new byte[0]);
        };
    }

    @Test
    void supportsOnlyHttpSchemes() throws Exception {
        HttpLookaside reader = HttpLookaside.create(SSLContext.getDefault());
        assertThat(reader.supports(URI.create("https://h/x"))).isTrue();
        assertThat(reader.supports(URI.create("http://h/x"))).isTrue();
        assertThat(reader.supports(URI.create("file:///x"))).isFalse();
    }
}
