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

/** The blob and signature-extension endpoints of the registry client against scripted servers. */
class RegistrySignatureEndpointsTest {
    static final byte[] BLOB = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    static final Digest BLOB_DIGEST = Digest.sha256(BLOB);

    ScriptedHttpServer registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    HttpRegistryClient client() throws Exception {
        return HttpRegistryClient.create(registry.hostPort(), HttpRegistryClientTest.options(Optional.empty()));
    }

    ImageReference repository() {
        return ImageReference.parse(registry.hostPort() + "/team/app");
    }

    void serve(boolean announceSignatures, byte[] body, int status) throws Exception {
        registry = ScriptedHttpServer.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                if (announceSignatures) {
                    exchange.getResponseHeaders().add("X-Registry-Supports-Signatures", "1");
                }
                respond(exchange, 200, new byte[0]);
            } else {
                respond(exchange, status, body);
            }
        });
    }

    @Test
    void readsABlobByDigestFromItsRepository() throws Exception {
        serve(false, BLOB, 200);
        try (HttpRegistryClient client = client()) {
            assertThat(client.blob(repository(), BLOB_DIGEST, 1024)).isEqualTo(BLOB);
        }
        assertThat(registry.requests()).extracting(ScriptedHttpServer.Request::path)
                .containsExactly("/v2/", "/v2/team/app/blobs/" + BLOB_DIGEST);
    }

    @Test
    void rejectsABlobThatDoesNotMatchItsDigest() throws Exception {
        serve(false, "tampered".getBytes(StandardCharsets.UTF_8), 200);
        try (HttpRegistryClient client = client()) {
            assertThatThrownBy(() -> client.blob(repository(), BLOB_DIGEST, 1024))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("does not match its digest");
        }
    }

    @Test
    void rejectsABlobLargerThanTheLimit() throws Exception {
        serve(false, BLOB, 200);
        try (HttpRegistryClient client = client()) {
            assertThatThrownBy(() -> client.blob(repository(), BLOB_DIGEST, BLOB.length - 1))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("larger than the limit of " + (BLOB.length - 1));
        }
    }

    @Test
    void aMissingBlobIsAnError() throws Exception {
        serve(false, new byte[0], 404);
        try (HttpRegistryClient client = client()) {
            assertThatThrownBy(() -> client.blob(repository(), BLOB_DIGEST, 1024))
                    .isInstanceOf(RegistryResponseException.class).hasMessageContaining("status 404");
        }
    }

    @Test
    void detectsTheSignatureExtensionFromThePingHeader() throws Exception {
        serve(true, new byte[0], 404);
        try (HttpRegistryClient client = client()) {
            assertThat(client.supportsSignatureExtension()).isTrue();
        }
        registry.close();
        serve(false, new byte[0], 404);
        try (HttpRegistryClient client = client()) {
            assertThat(client.supportsSignatureExtension()).isFalse();
        }
    }

    @Test
    void readsTheSignatureListOfAManifest() throws Exception {
        byte[] list = "{\"signatures\":[]}".getBytes(StandardCharsets.UTF_8);
        serve(true, list, 200);
        try (HttpRegistryClient client = client()) {
            assertThat(client.extensionSignatures(repository(), BLOB_DIGEST)).isEqualTo(list);
        }
        assertThat(registry.requests()).extracting(ScriptedHttpServer.Request::path)
                .containsExactly("/v2/", "/extensions/v2/team/app/signatures/" + BLOB_DIGEST);
    }

    @Test
    void aMissingSignatureListIsAnErrorAsInTheReference() throws Exception {
        serve(true, new byte[0], 404);
        try (HttpRegistryClient client = client()) {
            assertThatThrownBy(() -> client.extensionSignatures(repository(), BLOB_DIGEST))
                    .isInstanceOf(RegistryResponseException.class).hasMessageContaining("status 404");
        }
    }
}
