package dev.vouch.registry;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.reference.DigestAlgorithm;
import dev.vouch.reference.ImageReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET}, {@code HEAD} and {@code PUT /v2/<name>/manifests/<tag|digest>}. */
final class ManifestEndpoint {
    /** The manifest types asked for, as containers/image asks for them. */
    static final String ACCEPT = String.join(", ", List.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_SCHEMA2, MediaTypes.DOCKER_LIST, MediaTypes.DOCKER_SCHEMA1_SIGNED,
            MediaTypes.DOCKER_SCHEMA1));

    private ManifestEndpoint() {
    }

    static String path(ImageReference reference) {
        String within = reference.digest().map(Digest::toString).orElseGet(() -> reference.tag().orElseThrow());
        return "/v2/" + reference.path() + "/manifests/" + within;
    }

    static Map<String, String> headers() {
        return Map.of("Accept", ACCEPT);
    }

    /** Reads a 200 answer's manifest, checking the size limit and, for a digest reference, the digest. */
    static UntrustedManifest read(HttpResponse<InputStream> response, ImageReference reference, String registry)
            throws RegistryException {
        String repository = reference.path();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > UntrustedManifest.MAX_BYTES) {
            HttpExchanges.closeQuietly(response);
            throw tooLarge(reference, registry);
        }
        byte[] bytes;
        try (InputStream in = new BoundedInputStream(response.body(), UntrustedManifest.MAX_BYTES)) {
            bytes = in.readAllBytes();
        } catch (LimitExceededException e) {
            throw tooLarge(reference, registry);
        } catch (IOException e) {
            throw new RegistryException(registry, repository, "reading the manifest of " + reference + ": "
                    + e.getMessage(), e);
        }
        Optional<Digest> expected = reference.digest();
        if (expected.isPresent() && !ManifestDigests.matches(bytes, expected.get())) {
            throw new ManifestDigestMismatchException(registry, repository, "the manifest the registry sent for "
                    + reference + " does not match the digest " + expected.get());
        }
        Optional<String> contentType = response.headers().firstValue("Content-Type")
                .map(type -> type.split(";", 2)[0].strip())
                .filter(type -> !type.isEmpty() && !type.equals("text/plain") && !type.equals("application/json")
                        && !type.equals("application/octet-stream"));
        String mediaType = contentType.or(() -> MediaTypes.guess(bytes)).orElse("");
        return new UntrustedManifest(bytes, mediaType);
    }

    /**
     * {@code PUT} of {@code manifest} under {@code reference}'s tag or digest with {@code mediaType}; 201 expected.
     * Returns the manifest's digest (that of a digest reference, whose algorithm it uses, else sha256), checked
     * against the registry's {@code Docker-Content-Digest} when it sends one.
     */
    static Digest put(HttpRegistryClient client, ImageReference reference, byte[] manifest, String mediaType)
            throws RegistryException {
        String registry = client.registry();
        Digest digest;
        try {
            digest = ManifestDigests.digest(manifest, reference.digest().map(Digest::algorithm)
                    .orElse(DigestAlgorithm.SHA256));
        } catch (InvalidManifestException e) {
            throw new RegistryException(registry, reference.path(), "uploading the manifest of " + reference + ": "
                    + e.getMessage(), e);
        }
        if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
            throw new ManifestDigestMismatchException(registry, reference.path(), "uploading the manifest of "
                    + reference + ": the manifest does not match that digest (it is " + digest + ")");
        }
        HttpResponse<InputStream> response = client.authorizedSend("PUT", reference, path(reference),
                Map.of("Content-Type", mediaType), RepositoryAccess.push(reference),
                Optional.of(HttpRequest.BodyPublishers.ofByteArray(manifest)));
        client.checkStatus(response, 201, reference, "uploading the manifest of ");
        HttpExchanges.closeQuietly(response);
        Optional<String> stored = response.headers().firstValue("Docker-Content-Digest").map(String::strip);
        if (stored.isPresent() && stored.get().startsWith(digest.algorithm().identifier() + ":")
                && !stored.get().equals(digest.toString())) {
            throw new ManifestDigestMismatchException(registry, reference.path(), "uploading the manifest of "
                    + reference + ": the registry stored it as " + stored.get() + ", not " + digest);
        }
        return digest;
    }

    private static RegistryException tooLarge(ImageReference reference, String registry) {
        return new RegistryException(registry, reference.path(), "the manifest of " + reference
                + " is larger than the limit of " + UntrustedManifest.MAX_BYTES + " bytes");
    }
}
