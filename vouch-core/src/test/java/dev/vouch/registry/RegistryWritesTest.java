package dev.vouch.registry;

import static dev.vouch.testing.registry.ScriptedHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.testing.registry.ScriptedHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registry writes and tag paging against scripted servers: locations, links and digests the real registry never sends. */
class RegistryWritesTest {
    static final byte[] BLOB = "blob".getBytes(StandardCharsets.UTF_8);
    static final Digest BLOB_DIGEST = Digest.sha256(BLOB);

    ScriptedHttpServer registry;
    ScriptedHttpServer storage;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    HttpRegistryClient client() throws Exception {
        return HttpRegistryClient.create(registry.hostPort(), HttpRegistryClientTest.options(
                Optional.of(HttpRegistryClientTest.CREDENTIALS)));
    }

    ImageReference repository() {
        return ImageReference.parse(registry.hostPort() + "/team/app");
    }

    static void basicPing(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
        respond(exchange, 401, new byte[0]);
    }

    @Test
    void followsRelativeUploadLocationKeepingItsQuery() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v2/")) {
                basicPing(exchange);
            } else if (exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Location", "/v2/team/app/blobs/uploads/u1?_state=abc");
                respond(exchange, 202, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("Docker-Content-Digest", BLOB_DIGEST.toString());
                respond(exchange, 201, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client()) {
            client.putBlob(repository(), BLOB_DIGEST, BlobContent.ofBytes(BLOB));
        }
        ScriptedHttpServer.Request put = registry.requests().get(registry.requests().size() - 1);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/v2/team/app/blobs/uploads/u1");
        assertThat(put.query()).isEqualTo("_state=abc&digest=sha256%3A" + BLOB_DIGEST.encoded());
        assertThat(put.authorization()).hasValueSatisfying(a -> assertThat(a).startsWith("Basic "));
    }

    @Test
    void uploadsToAbsoluteLocationElsewhereWithoutCredentials() throws Exception {
        storage = ScriptedHttpServer.start(exchange -> respond(exchange, 201, new byte[0]));
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                basicPing(exchange);
            } else {
                exchange.getResponseHeaders().add("Location", "http://" + storage.hostPort() + "/upload/u2");
                respond(exchange, 202, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client()) {
            client.putBlob(repository(), BLOB_DIGEST, BlobContent.ofBytes(BLOB));
        }
        assertThat(storage.requests()).singleElement().satisfies(put -> {
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo("/upload/u2");
            assertThat(put.authorization()).isEmpty();
        });
    }

    @Test
    void rejectsManifestStoredUnderAnotherDigest() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(new byte[1]).toString());
                respond(exchange, 201, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client()) {
            assertThatThrownBy(() -> client.putManifest(repository().withTag("v1"),
                    HttpRegistryClientTest.MANIFEST, "application/vnd.oci.image.manifest.v1+json"))
                    .isInstanceOf(ManifestDigestMismatchException.class)
                    .hasMessageContaining("the registry stored it as");
        }
    }

    @Test
    void followsTagPagesThroughLinkHeaders() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else if (query.equals("null")) {
                exchange.getResponseHeaders().add("Link", "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
                respond(exchange, 200, "{\"name\":\"team/app\",\"tags\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8));
            } else if (query.equals("n=2&last=b")) {
                exchange.getResponseHeaders().add("Link", "<http://" + registry.hostPort()
                        + "/v2/team/app/tags/list?n=2&last=d>; rel=\"next\"");
                respond(exchange, 200, "{\"name\":\"team/app\",\"tags\":[\"c\",\"d\"]}".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, "{\"name\":\"team/app\",\"tags\":null}".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (HttpRegistryClient client = client()) {
            assertThat(client.tags(repository())).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void refusesTagPageWithInvalidLink() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("Link", "<relative/path>; rel=\"next\"");
                respond(exchange, 200, "{\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (HttpRegistryClient client = client()) {
            assertThatThrownBy(() -> client.tags(repository())).hasMessageContaining("invalid Link header");
        }
    }
}
