package dev.vouch.registry;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The OpenShift registry's signature API: {@code GET /extensions/v2/<name>/signatures/<digest>}, offered by registries
 * whose {@code GET /v2/} answer carries {@value #SUPPORT_HEADER}{@code : 1}, and {@code PUT} of one signature to the
 * same path. The list is returned raw; its JSON is the caller's to parse.
 */
public final class SignatureExtension {
    /** The ping response header announcing the extension. */
    public static final String SUPPORT_HEADER = "X-Registry-Supports-Signatures";
    /** The largest signature list read (containers/image uses the same limit). */
    public static final int MAX_LIST_BYTES = 4 * 1024 * 1024;

    private SignatureExtension() {
    }

    /**
     * The body of a {@code PUT}, as containers/image sends it (Go's field order):
     * {@code {"schemaVersion":2,"name":"<digest>@<id>","type":"atomic","content":"<base64>"}}.
     *
     * @param id the signature's name within the digest; containers/image uses 32 random hex digits not yet taken
     */
    public static byte[] entry(Digest manifestDigest, String id, byte[] content) {
        if (!id.matches("[0-9a-f]{1,64}")) {
            throw new IllegalArgumentException("a signature id is 1 to 64 lowercase hex digits");
        }
        return ("{\"schemaVersion\":2,\"name\":\"" + manifestDigest + "@" + id + "\",\"type\":\"atomic\","
                + "\"content\":\"" + Base64.getEncoder().encodeToString(content) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String path(ImageReference repository, Digest manifestDigest) {
        return "/extensions/v2/" + repository.path() + "/signatures/" + manifestDigest;
    }

    static byte[] read(HttpResponse<InputStream> response, ImageReference repository, Digest manifestDigest,
                       String registry) throws RegistryException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > MAX_LIST_BYTES) {
            HttpExchanges.closeQuietly(response);
            throw tooLarge(repository, manifestDigest, registry);
        }
        try (InputStream in = new BoundedInputStream(response.body(), MAX_LIST_BYTES)) {
            return in.readAllBytes();
        } catch (LimitExceededException e) {
            throw tooLarge(repository, manifestDigest, registry);
        } catch (IOException e) {
            throw new RegistryException(registry, repository.path(), "reading the signature list of "
                    + repository.repository() + "@" + manifestDigest + ": " + e.getMessage(), e);
        }
    }

    private static RegistryException tooLarge(ImageReference repository, Digest manifestDigest, String registry) {
        return new RegistryException(registry, repository.path(), "the signature list of " + repository.repository()
                + "@" + manifestDigest + " is larger than the limit of " + MAX_LIST_BYTES + " bytes");
    }
}
