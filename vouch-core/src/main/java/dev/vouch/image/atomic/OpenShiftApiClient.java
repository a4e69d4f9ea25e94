package dev.vouch.image.atomic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.manifest.GoJsonException;
import dev.vouch.manifest.GoJsonObject;
import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.registry.tls.RegistryTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The two OpenShift API requests the {@code atomic} transport makes, as containers/image makes them:
 * {@code GET /oapi/v1/namespaces/NS/imagestreams/STREAM} (the newest event of a tag: the image's name and where the
 * registry stores it) and {@code GET /oapi/v1/namespaces/NS/imagestreamimages/STREAM@IMAGE} (the image object, whose
 * {@code signatures} of type {@code atomic} are the image's signatures). JSON is read as Go's {@code encoding/json}
 * reads it (names case-insensitive, unknown members ignored); answers are limited to {@link #MAX_BODY_BYTES}; an
 * answer other than 2xx is an error carrying the API's {@code Status} message. Redirects are not followed, so
 * credentials go to the configured server only.
 */
final class OpenShiftApiClient {
    /** containers/image's limit for OpenShift API answers. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final String TYPE_ATOMIC = "atomic";

    /** The newest entry of an image stream tag's history. */
    record TagEvent(String dockerImageReference, Digest image) {
    }

    private final KubeConfig config;
    private final HttpClient http;

    private OpenShiftApiClient(KubeConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    static OpenShiftApiClient create(KubeConfig config) throws IOException {
        SSLContext ssl;
        if (config.insecureSkipTlsVerify()) {
            ssl = RegistryTls.context(Optional.empty(), false);
        } else if (config.certificateAuthorities().isPresent()) {
            ssl = RegistryTls.trustingOnly(config.certificateAuthorities().get(), "the kubeconfig's certificate-authority");
        } else {
            ssl = RegistryTls.context(Optional.empty(), true);
        }
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30)).build();
        return new OpenShiftApiClient(config, http);
    }

    /** The server's base URL, for messages. */
    URI server() {
        return config.server();
    }

    /** The first event of {@code tag} in the image stream's status, as containers/image picks it. */
    TagEvent resolveTag(String namespace, String stream, String tag) throws IOException {
        String path = "/oapi/v1/namespaces/" + namespace + "/imagestreams/" + stream;
        byte[] body = get(path);
        try {
            GoJsonObject root = object(body, path);
            Optional<GoJsonObject> status = objectField(root, "status");
            if (status.isPresent()) {
                for (JsonNode entry : arrayField(status.get(), "tags")) {
                    GoJsonObject named = GoJsonObject.of(requireObject(entry, "tags"));
                    if (!named.stringField("tag").orElse("").equals(tag)) {
                        continue;
                    }
                    List<JsonNode> items = arrayField(named, "items");
                    if (!items.isEmpty()) {
                        GoJsonObject event = GoJsonObject.of(requireObject(items.get(0), "items"));
                        return new TagEvent(event.stringField("dockerImageReference").orElse(""),
                                imageName(event.stringField("image").orElse("")));
                    }
                }
            }
        } catch (GoJsonException e) {
            throw new IOException("decoding " + path + ": " + e.getMessage(), e);
        }
        throw new IOException("no matching tag found: image stream " + namespace + "/" + stream + " has no image "
                + "for tag " + tag);
    }

    /** The content of every {@code atomic} signature of image {@code image} in the stream, in the API's order. */
    List<byte[]> atomicSignatures(String namespace, String stream, Digest image) throws IOException {
        String path = imagePath(namespace, stream, image);
        byte[] body = get(path);
        List<byte[]> signatures = new ArrayList<>();
        try {
            Optional<GoJsonObject> object = objectField(object(body, path), "image");
            if (object.isEmpty()) {
                return signatures;
            }
            for (JsonNode entry : arrayField(object.get(), "signatures")) {
                GoJsonObject signature = GoJsonObject.of(requireObject(entry, "signatures"));
                Optional<byte[]> content = signature.bytesField("content");
                if (signature.stringField("type").orElse("").equals(TYPE_ATOMIC)) {
                    signatures.add(content.orElse(new byte[0]));
                }
            }
        } catch (GoJsonException e) {
            throw new IOException("decoding " + path + ": " + e.getMessage(), e);
        }
        return signatures;
    }

    /** Where {@link #atomicSignatures} reads, for display. */
    String imageUrl(String namespace, String stream, Digest image) {
        return config.server().resolve(imagePath(namespace, stream, image)).toString();
    }

    private static String imagePath(String namespace, String stream, Digest image) {
        return "/oapi/v1/namespaces/" + namespace + "/imagestreamimages/" + stream + "@" + image;
    }

    /** The image name of a tag event must be a digest (OpenShift names images by their manifest digest). */
    private static Digest imageName(String name) throws IOException {
        try {
            return Digest.parse(name);
        } catch (InvalidReferenceException e) {
            throw new IOException("the image stream names image \"" + name + "\", which is not a digest");
        }
    }

    private byte[] get(String path) throws IOException {
        URI base = config.server();
        URI uri;
        try {
            uri = new URI(base.getScheme(), null, base.getHost(), base.getPort(), path, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IOException("invalid OpenShift API path " + path, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*").GET();
        if (config.bearerToken().isPresent()) {
            request.header("Authorization", "Bearer " + config.bearerToken().get());
        } else if (config.username().isPresent()) {
            String pair = config.username().get() + ":" + config.password().orElse("");
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IOException("GET " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("GET " + uri + ": interrupted", e);
        }
        byte[] body;
        try (InputStream in = new BoundedInputStream(response.body(), MAX_BODY_BYTES)) {
            body = in.readAllBytes();
        } catch (LimitExceededException e) {
            throw new IOException("GET " + uri + ": answer larger than " + MAX_BODY_BYTES + " bytes", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status <= 206) {
            return body;
        }
        Optional<String> message = statusMessage(body);
        if (message.isPresent()) {
            throw new IOException("GET " + uri + ": " + message.get());
        }
        String text = new String(body, StandardCharsets.UTF_8);
        throw new IOException("GET " + uri + ": HTTP error: status code: " + status + ", body: "
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }

    /** The {@code message} of a Kubernetes {@code Status} answer (one with a non-empty string {@code status}). */
    private static Optional<String> statusMessage(byte[] body) {
        Optional<GoJsonObject> object = GoJsonObject.parse(body);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (object.get().stringField("status").orElse("").isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(object.get().stringField("message").orElse(""));
        } catch (GoJsonException e) {
            return Optional.empty();
        }
    }

    private static GoJsonObject object(byte[] body, String path) throws IOException {
        return GoJsonObject.parse(body).orElseThrow(() -> new IOException("decoding " + path
                + ": not a JSON object"));
    }

    private static Optional<GoJsonObject> objectField(GoJsonObject object, String name) throws GoJsonException {
        Optional<JsonNode> value = object.field(name).filter(node -> !node.isNull());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(GoJsonObject.of(requireObject(value.get(), name)));
    }

    private static List<JsonNode> arrayField(GoJsonObject object, String name) throws GoJsonException {
        Optional<JsonNode> value = object.field(name).filter(node -> !node.isNull());
        List<JsonNode> items = new ArrayList<>();
        if (value.isEmpty()) {
            return items;
        }
        if (!value.get().isArray()) {
            throw new GoJsonException("member \"" + name + "\" is not an array");
        }
        value.get().forEach(items::add);
        return items;
    }

    private static JsonNode requireObject(JsonNode node, String name) throws GoJsonException {
        if (!node.isObject()) {
            throw new GoJsonException("member \"" + name + "\" is not an object");
        }
        return node;
    }
}
