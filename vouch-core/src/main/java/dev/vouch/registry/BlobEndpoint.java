package dev.vouch.registry;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.io.VerifiedFiles;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** {@code GET /v2/<name>/blobs/<digest>}: small blobs read whole (sigstore attachment payloads), or streamed to a file. */
final class BlobEndpoint {
    private BlobEndpoint() {
    }

    static String path(ImageReference repository, Digest digest) {
        return "/v2/" + repository.path() + "/blobs/" + digest;
    }

    /** Reads a 200 answer's body, enforcing {@code maxBytes} and checking that it hashes to {@code digest}. */
    static byte[] read(HttpResponse<InputStream> response, ImageReference repository, Digest digest, int maxBytes,
                       String registry) throws RegistryException {
        String name = repository.path();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            HttpExchanges.closeQuietly(response);
            throw tooLarge(repository, digest, maxBytes, registry);
        }
        byte[] bytes;
        try (InputStream in = new BoundedInputStream(response.body(), maxBytes)) {
            bytes = in.readAllBytes();
        } catch (LimitExceededException e) {
            throw tooLarge(repository, digest, maxBytes, registry);
        } catch (IOException e) {
            throw new RegistryException(registry, name, "reading blob " + digest + " in " + repository.repository()
                    + ": " + e.getMessage(), e);
        }
        if (!digest.matches(bytes)) {
            throw new RegistryException(registry, name, "blob " + digest + " in " + repository.repository()
                    + " as sent by the registry does not match its digest");
        }
        return bytes;
    }

    /**
     * Streams a 200 answer's body to a temporary file beside {@code target}, at most {@code maxBytes}, and moves it
     * to {@code target} only if it hashes to {@code digest}; on any failure nothing is left at {@code target} (an
     * existing file there is kept). Returns the size.
     */
    static long download(HttpResponse<InputStream> response, ImageReference repository, Digest digest, Path target,
                         long maxBytes, String registry) throws RegistryException {
        String name = repository.path();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            HttpExchanges.closeQuietly(response);
            throw tooLarge(repository, digest, maxBytes, registry);
        }
        try (InputStream body = response.body()) {
            return VerifiedFiles.write(body, digest, target, maxBytes);
        } catch (LimitExceededException e) {
            throw tooLarge(repository, digest, maxBytes, registry);
        } catch (VerifiedFiles.DigestMismatchException e) {
            throw new RegistryException(registry, name, "blob " + digest + " in " + repository.repository()
                    + " as sent by the registry does not match its digest");
        } catch (IOException e) {
            throw new RegistryException(registry, name, "downloading blob " + digest + " in "
                    + repository.repository() + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static RegistryException tooLarge(ImageReference repository, Digest digest, long maxBytes,
                                              String registry) {
        return new RegistryException(registry, repository.path(), "blob " + digest + " in "
                + repository.repository() + " is larger than the limit of " + maxBytes + " bytes");
    }
}
