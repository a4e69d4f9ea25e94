package dev.vouch.registry;

import static dev.vouch.testing.registry.ScriptedHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.registry.tls.SharedTls;
import dev.vouch.testing.MovableClock;
import dev.vouch.testing.registry.ScriptedHttpServer;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault handling of the registry client against scripted servers. */
class HttpRegistryClientTest {
    static final byte[] MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes(StandardCharsets.UTF_8);
    static final Credentials CREDENTIALS = new Credentials("alice", "hunter2-secret");

    ScriptedHttpServer registry;
    ScriptedHttpServer other;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (other != null) {
            other.close();
        }
    }

    static RegistryClientOptions options(Optional<Credentials> credentials) throws IOException {
        return RegistryClientOptions.of(RegistryTls.context(Optional.empty(), false)).withInsecure(true)
                .withCredentials(credentials)
                // the scripted servers never answer a TLS handshake; the HTTPS probe gives up quickly
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5))
                .withRetries(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2)));
    }

    HttpRegistryClient client(Optional<Credentials> credentials) throws IOException {
        return HttpRegistryClient.create(registry.hostPort(), options(credentials));
    }

    ImageReference image(String suffix) {
        return ImageReference.parse(registry.hostPort() + "/team/app" + suffix);
    }

    static void manifest(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        respond(exchange, 200, body);
    }

    @Test
    void readsManifestByTagWithItsMediaType() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                manifest(exchange, MANIFEST);
            }
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            UntrustedManifest fetched = client.manifest(image(":v1")).orElseThrow();
            assertThat(fetched.bytes()).isEqualTo(MANIFEST);
            assertThat(fetched.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        }
        assertThat(registry.requests()).extracting(ScriptedHttpServer.Request::path)
                .containsExactly("/v2/", "/v2/team/app/manifests/v1");
    }

    @Test
    void clientsSharingOneHttpClientKeepTheirOwnCredentials() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                respond(exchange, 401, new byte[0]);
            } else {
                manifest(exchange, MANIFEST);
            }
        });
        SharedTls tls = SharedTls.of(Optional.empty(), false);
        RegistryClientOptions withCredentials = sharedOptions(tls, Optional.of(CREDENTIALS));
        RegistryClientOptions anonymous = sharedOptions(tls, Optional.empty());
        try (HttpRegistryClient alice = HttpRegistryClient.create(registry.hostPort(), withCredentials, tls);
             HttpRegistryClient nobody = HttpRegistryClient.create(registry.hostPort(), anonymous, tls)) {
            alice.manifest(image(":v1"));
            nobody.manifest(image(":v1"));
        }
        assertThat(registry.requests()).filteredOn(r -> r.path().endsWith("/manifests/v1"))
                .extracting(ScriptedHttpServer.Request::authorization)
                .containsExactly(Optional.of("Basic YWxpY2U6aHVudGVyMi1zZWNyZXQ="), Optional.empty());
    }

    @Test
    void optionsOverASharedTlsSettingMustUseItsSslContext() throws Exception {
        SharedTls tls = SharedTls.of(Optional.empty(), false);
        assertThatThrownBy(() -> HttpRegistryClient.create("h:5000", options(Optional.empty()), tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSL context");
    }

    private static RegistryClientOptions sharedOptions(SharedTls tls, Optional<Credentials> credentials)
            throws IOException {
        RegistryClientOptions defaults = options(credentials);
        return new RegistryClientOptions(credentials, tls.sslContext(), true, defaults.connectTimeout(),
                defaults.requestTimeout(), defaults.retries());
    }

    @Test
    void rejectsManifestWhoseContentDoesNotMatchTheRequestedDigest() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> manifest(exchange, MANIFEST));
        Digest other = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThatThrownBy(() -> client.manifest(image("@" + other)))
                    .isInstanceOf(ManifestDigestMismatchException.class)
                    .hasMessageContaining("does not match the digest " + other);
        }
    }

    @Test
    void acceptsManifestThatMatchesTheRequestedDigest() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> manifest(exchange, MANIFEST));
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThat(client.manifest(image("@" + Digest.sha256(MANIFEST))).orElseThrow().bytes())
                    .isEqualTo(MANIFEST);
        }
    }

    @Test
    void stopsReadingAManifestLargerThanFourMebibytes() throws Exception {
        AtomicInteger written = new AtomicInteger();
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException clientStoppedReading) {
                // expected: the client closes the connection
            }
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThatThrownBy(() -> client.manifest(image(":big")))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("larger than the limit of " + UntrustedManifest.MAX_BYTES);
        }
    }

    @Test
    void refusesADeclaredContentLengthOverTheLimitWithoutReading() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
                return;
            }
            respond(exchange, 200, new byte[UntrustedManifest.MAX_BYTES + 1]);
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThatThrownBy(() -> client.manifest(image(":big"))).hasMessageContaining("larger than the limit");
        }
    }

    @Test
    void retriesTooManyRequestsAfterTheRetryAfterDelay() throws Exception {
        AtomicInteger manifestRequests = new AtomicInteger();
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else if (manifestRequests.incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                respond(exchange, 429, new byte[0]);
            } else {
                manifest(exchange, MANIFEST);
            }
        });
        Instant start = Instant.now();
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThat(client.manifest(image(":v1"))).isPresent();
        }
        assertThat(manifestRequests.get()).isEqualTo(2);
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void givesUpOnServerErrorsAfterTheBoundedNumberOfAttempts() throws Exception {
        AtomicInteger manifestRequests = new AtomicInteger();
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                manifestRequests.incrementAndGet();
                respond(exchange, 503, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThatThrownBy(() -> client.manifest(image(":v1")))
                    .isInstanceOfSatisfying(RegistryResponseException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(503));
        }
        assertThat(manifestRequests.get()).isEqualTo(3);
    }

    @Test
    void theLastAnswersRetryAfterIsReportedWhenTheRetriesRunOut() throws Exception {
        AtomicInteger heads = new AtomicInteger();
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                // the earlier answers ask for no wait, so the test is quick; the last one for two minutes
                exchange.getResponseHeaders().add("Retry-After", heads.incrementAndGet() < 3 ? "0" : "120");
                respond(exchange, 429, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThatThrownBy(() -> client.manifestDigest(image(":v1")))
                    .isInstanceOfSatisfying(RegistryResponseException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                    });
        }
        assertThat(heads.get()).isEqualTo(3);
    }

    @Test
    void anErrorWithoutRetryAfterReportsNone() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("Retry-After", "soon");
                respond(exchange, 500, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThatThrownBy(() -> client.manifestDigest(image(":v1")))
                    .isInstanceOfSatisfying(RegistryResponseException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.retryAfter()).isEmpty();
                    });
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerIsUnreachable() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> respond(exchange, 200, new byte[0]));
        String hostPort = registry.hostPort();
        registry.close();
        try (HttpRegistryClient client = HttpRegistryClient.create(hostPort, options(Optional.empty()))) {
            assertThatThrownBy(() -> client.manifestDigest(ImageReference.parse(hostPort + "/team/app:v1")))
                    .isInstanceOf(RegistryUnreachableException.class)
                    .hasMessageContaining(hostPort);
        }
    }

    @Test
    void missingManifestIsEmpty() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> respond(exchange,
                exchange.getRequestURI().getPath().equals("/v2/") ? 200 : 404, new byte[0]));
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThat(client.manifest(image(":nope"))).isEmpty();
        }
    }

    @Test
    void redirectToAnotherHostCarriesNoAuthorizationHeader() throws Exception {
        other = ScriptedHttpServer.start(exchange -> manifest(exchange, MANIFEST));
        registry = ScriptedHttpServer.start(exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                respond(exchange, 401, new byte[0]);
            } else if (exchange.getRequestURI().getPath().equals("/v2/")) {
                respond(exchange, 200, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("Location", "http://localhost:" + other.port() + "/elsewhere");
                respond(exchange, 307, new byte[0]);
            }
        });
        try (HttpRegistryClient client = client(Optional.of(CREDENTIALS))) {
            assertThat(client.manifest(image(":v1")).orElseThrow().bytes()).isEqualTo(MANIFEST);
        }
        assertThat(registry.requests()).filteredOn(r -> r.path().startsWith("/v2/team"))
                .allSatisfy(r -> assertThat(r.authorization()).isPresent());
        assertThat(other.requests()).hasSize(1);
        assertThat(other.requests().get(0).authorization()).isEmpty();
    }

    @Test
    void bearerTokenIsReusedUntilItExpiresThenFetchedAgain() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        other = ScriptedHttpServer.start(exchange -> {
            byte[] body = ("{\"token\":\"token-" + tokens.incrementAndGet() + "\",\"expires_in\":300}")
                    .getBytes(StandardCharsets.UTF_8);
            respond(exchange, 200, body);
        });
        registry = ScriptedHttpServer.start(exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.equals("Bearer token-" + tokens.get())) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                        + other.port() + "/token\",service=\"reg\",scope=\"registry:catalog:*\"");
                respond(exchange, 401, new byte[0]);
            } else {
                manifest(exchange, MANIFEST);
            }
        });
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (HttpRegistryClient client = HttpRegistryClient.create(registry.hostPort(),
                options(Optional.of(CREDENTIALS)), clock)) {
            client.manifest(image(":v1")).orElseThrow();
            client.manifest(image(":v1")).orElseThrow();
            assertThat(tokens.get()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(301));
            client.manifest(image(":v1")).orElseThrow();
            assertThat(tokens.get()).isEqualTo(2);
        }
        ScriptedHttpServer.Request tokenRequest = other.requests().get(0);
        assertThat(tokenRequest.query()).contains("service=reg").contains("scope=repository%3Ateam%2Fapp%3Apull")
                .contains("account=alice");
        assertThat(tokenRequest.authorization()).hasValueSatisfying(a -> assertThat(a).startsWith("Basic "));
    }

    @Test
    void tokenTheRegistryNoLongerAcceptsIsReplacedOnce() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        other = ScriptedHttpServer.start(exchange -> respond(exchange, 200, ("{\"access_token\":\"t"
                + tokens.incrementAndGet() + "\",\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8)));
        registry = ScriptedHttpServer.start(exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            // the registry considers every token but the newest expired
            if (auth == null || !auth.equals("Bearer t" + tokens.get()) || tokens.get() < 2
                    && !exchange.getRequestURI().getPath().equals("/v2/")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                        + other.port() + "/token\",service=\"reg\"");
                respond(exchange, 401, new byte[0]);
            } else {
                manifest(exchange, MANIFEST);
            }
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThat(client.manifest(image(":v1"))).isPresent();
        }
        assertThat(tokens.get()).isEqualTo(2);
    }

    @Test
    void refusedCredentialsGiveAnAuthenticationErrorWithoutThePassword() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            respond(exchange, 401, new byte[0]);
        });
        try (HttpRegistryClient client = client(Optional.of(CREDENTIALS))) {
            assertThatThrownBy(() -> client.manifest(image(":v1")))
                    .isInstanceOf(RegistryAuthenticationException.class)
                    .hasMessageContaining("refused access (status 401)")
                    .hasMessageNotContaining(CREDENTIALS.password());
        }
    }

    @Test
    void headGivesTheDigestTheRegistryDeclares() throws Exception {
        Digest digest = Digest.sha256(MANIFEST);
        registry = ScriptedHttpServer.start(exchange -> {
            exchange.getResponseHeaders().add("Docker-Content-Digest", digest.toString());
            respond(exchange, 200, new byte[0]);
        });
        try (HttpRegistryClient client = client(Optional.empty())) {
            assertThat(client.manifestDigest(image(":v1"))).contains(digest);
        }
        assertThat(registry.requests()).extracting(ScriptedHttpServer.Request::method).contains("HEAD");
    }

    @Test
    void withoutInsecureOptionPlainHttpIsNeverTried() throws Exception {
        registry = ScriptedHttpServer.start(exchange -> respond(exchange, 200, new byte[0]));
        RegistryClientOptions secure = options(Optional.empty()).withInsecure(false);
        try (HttpRegistryClient client = HttpRegistryClient.create(registry.hostPort(), secure)) {
            assertThatThrownBy(client::ping).isInstanceOf(RegistryException.class).hasMessageContaining("https://");
        }
        assertThat(registry.requests()).isEmpty();
    }

}
