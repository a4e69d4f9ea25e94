package dev.vouch.registry;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Blob uploads ({@code POST /v2/<name>/blobs/uploads/}, then one monolithic {@code PUT <location>&digest=...}) and
 * cross-repository mounts ({@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repository>}). The upload
 * location may be relative or absolute; an abandoned upload is cancelled ({@code DELETE}) as a courtesy.
 */
final class BlobUpload {
    private BlobUpload() {
    }

    static String uploadsPath(ImageReference repository) {
        return "/v2/" + repository.path() + "/blobs/uploads/";
    }

    static void upload(HttpRegistryClient client, ImageReference repository, Digest digest, BlobContent content)
            throws RegistryException {
        ImageReference blob = repository.withDigest(digest);
        RepositoryAccess access = RepositoryAccess.push(repository);
        HttpResponse<InputStream> started = client.authorizedSend("POST", repository, uploadsPath(repository),
                Map.of(), access, Optional.of(HttpRequest.BodyPublishers.noBody()));
        client.checkStatus(started, 202, blob, "starting the upload of blob ");
        HttpExchanges.closeQuietly(started);
        URI location = location(client, started, repository, "the upload of blob " + blob);
        URI put = withQuery(location, "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
        HttpRequest.BodyPublisher body;
        try {
            body = content.publisher();
        } catch (IOException e) {
            cancel(client, location, access);
            throw new RegistryException(client.registry(), repository.path(), "uploading blob " + blob + ": "
                    + e.getMessage(), e);
        }
        HttpResponse<InputStream> finished;
        try {
            finished = client.authorizedSend("PUT", put, Map.of("Content-Type", "application/octet-stream"), access,
                    Optional.of(body));
        } catch (RegistryException e) {
            cancel(client, location, access);
            throw e;
        }
        if (finished.statusCode() != 201) {
            try {
                client.checkStatus(finished, 201, blob, "uploading blob ");
            } finally {
                cancel(client, location, access);
            }
        }
        HttpExchanges.closeQuietly(finished);
        Optional<String> stored = finished.headers().firstValue("Docker-Content-Digest").map(String::strip);
        if (stored.isPresent() && !stored.get().equals(digest.toString())) {
            throw new RegistryException(client.registry(), repository.path(), "uploading blob " + blob
                    + ": the registry stored it as " + stored.get());
        }
    }

    /** Mounts; true if the registry did (201), false if it started an ordinary upload instead (202), now cancelled. */
    static boolean mount(HttpRegistryClient client, ImageReference repository, Digest digest, ImageReference from)
            throws RegistryException {
        ImageReference blob = repository.withDigest(digest);
        RepositoryAccess access = RepositoryAccess.mount(repository, from);
        String path = uploadsPath(repository) + "?mount=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8)
                + "&from=" + URLEncoder.encode(from.path(), StandardCharsets.UTF_8);
        HttpResponse<InputStream> response = client.authorizedSend("POST", repository, path, Map.of(), access,
                Optional.of(HttpRequest.BodyPublishers.noBody()));
        int status = response.statusCode();
        if (status == 201) {
            HttpExchanges.closeQuietly(response);
            return true;
        }
        client.checkStatus(response, 202, blob, "mounting blob " + digest + " from " + from.path() + " into ");
        HttpExchanges.closeQuietly(response);
        if (response.headers().firstValue("Location").isPresent()) {
            cancel(client, location(client, response, repository, "the mount of " + blob), access);
        }
        return false;
    }

    private static URI location(HttpRegistryClient client, HttpResponse<InputStream> response,
                                ImageReference repository, String what) throws RegistryException {
        String header = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                client.registry(), repository.path(), what + ": the registry gave no upload location"));
        URI location;
        try {
            location = response.uri().resolve(header.strip());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(client.registry(), repository.path(), what
                    + ": the registry gave an invalid upload location", e);
        }
        if (!"https".equalsIgnoreCase(location.getScheme()) && !"http".equalsIgnoreCase(location.getScheme())) {
            throw new RegistryException(client.registry(), repository.path(), what
                    + ": the upload location is not an HTTP URL");
        }
        return location;
    }

    static URI withQuery(URI uri, String parameter) {
        String text = uri.toString();
        int fragment = text.indexOf('#');
        if (fragment >= 0) {
            text = text.substring(0, fragment);
        }
        return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + parameter);
    }

    private static void cancel(HttpRegistryClient client, URI location, RepositoryAccess access) {
        try {
            HttpExchanges.closeQuietly(client.authorizedSend("DELETE", location, Map.of(), access, Optional.empty()));
        } catch (RegistryException ignored) {
            // the registry expires abandoned uploads itself
        }
    }
}
