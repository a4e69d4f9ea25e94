package dev.vouch.testing.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for the OpenShift integrated registry (which cannot run here), HTTPS on 127.0.0.1 and a free port, serving the
 * endpoints vouch uses as OpenShift documents them: {@code GET /v2/} answering with
 * {@code X-Registry-Supports-Signatures: 1}, {@code GET|HEAD /v2/<name>/manifests/<tag|digest>} for the manifests a
 * test stores, and {@code GET /extensions/v2/<name>/signatures/<digest>} answering
 * {@code {"signatures":[{"schemaVersion":2,"type":"atomic","name":"<digest>@<id>","content":"<base64>"}]}} (a known
 * manifest without signatures lists none; an unknown one is 404), and {@code PUT} of the same path with one entry
 * {@code {"schemaVersion":2,"name":...,"type":"atomic","content":...}} as containers/image sends it, answered 201
 * (the bodies are recorded). A test may replace one signature list's raw answer.
 *
 * <p>For the {@code atomic:} transport it also serves, on the same port, the two OpenShift API endpoints
 * containers/image reads: {@code GET /oapi/v1/namespaces/NS/imagestreams/STREAM} (a status with one tag entry per tag
 * pushed, newest image first, each recording a cluster-internal {@code dockerImageReference}
 * {@code 172.30.1.1:5000/NS/STREAM@DIGEST} as OpenShift does) and
 * {@code GET /oapi/v1/namespaces/NS/imagestreamimages/STREAM@DIGEST} (the image object with its {@code signatures},
 * the same signatures the extension API lists), plus {@code GET /v2/NAME/blobs/DIGEST} so that clients can copy an
 * image. Errors are Kubernetes {@code Status} objects. With {@link #requireApiToken}, API requests without that
 * bearer token get 401.
 */
public final class OpenShiftRegistryServer implements AutoCloseable {
    /** A raw answer to a signature list request. */
    public record RawAnswer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, List<String>> signatures = new ConcurrentHashMap<>();
    private final Map<String, RawAnswer> rawAnswers = new ConcurrentHashMap<>();
    private final List<String> putBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** {@code NS/STREAM} -> tag -> digests, newest first. */
    private final Map<String, Map<String, List<String>>> streams = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger apiRequests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String apiToken;
    private String authorityPem = "";

    private OpenShiftRegistryServer(SSLContext tls) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the server over HTTPS with a certificate from a fresh test CA (clients skip verification). */
    public static OpenShiftRegistryServer start() throws IOException, GeneralSecurityException {
        TestCertificates.Issued authority = TestCertificates.authority("openshift test CA");
        TestCertificates.Issued certificate = TestCertificates.server(authority);
        OpenShiftRegistryServer server = new OpenShiftRegistryServer(certificate.serverContext());
        server.authorityPem = TestCertificates.pem(authority.certificate());
        return server;
    }

    /** The PEM certificate of the CA that issued the server's certificate. */
    public String authorityPem() {
        return authorityPem;
    }

    /** {@code https://127.0.0.1:PORT}, the API server's URL for a kubeconfig. */
    public String apiUrl() {
        return "https://" + hostPort();
    }

    /** From now on, OpenShift API requests must carry {@code Authorization: Bearer token}. */
    public void requireApiToken(String token) {
        apiToken = token;
    }

    /** How many OpenShift API requests were answered. */
    public int apiRequests() {
        return apiRequests.get();
    }

    /**
     * Stores the image of a {@code dir:} layout (its manifest.json and blobs) as {@code NS/STREAM:tag}: the manifest
     * by tag and digest, the blobs, and a new newest event of the image stream tag. Returns the digest.
     */
    public String pushImage(String namespaceAndStream, String tag, java.nio.file.Path dir) throws IOException {
        byte[] manifest = java.nio.file.Files.readAllBytes(dir.resolve("manifest.json"));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.matches("[0-9a-f]{64}")) {
                    blobs.put(namespaceAndStream + "@sha256:" + name, java.nio.file.Files.readAllBytes(file));
                }
            }
        }
        String digest = putManifest(namespaceAndStream, tag, manifest);
        streams.computeIfAbsent(namespaceAndStream, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(tag, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(0, digest);
        return digest;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stores an OCI manifest under {@code name:tag} and {@code name@digest}; returns the digest. */
    public String putManifest(String name, String tag, byte[] manifest) {
        String digest = "sha256:" + sha256(manifest);
        manifests.put(name + ":" + tag, manifest);
        manifests.put(name + "@" + digest, manifest);
        signatures.putIfAbsent(name + "@" + digest, new ArrayList<>());
        return digest;
    }

    /** Adds one signature entry, as a {@code PUT} would. */
    public void addSignature(String name, String digest, int version, String type, byte[] content) {
        String entry = "{\"schemaVersion\":" + version + ",\"type\":\"" + type + "\",\"name\":\"" + digest + "@"
                + HexFormat.of().formatHex(sha256Bytes(content)).substring(0, 32) + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(content) + "\"}";
        signatures.computeIfAbsent(name + "@" + digest, k -> new ArrayList<>()).add(entry);
    }

    /** The bodies of the signature {@code PUT}s received, in order. */
    public List<String> putBodies() {
        return List.copyOf(putBodies);
    }

    /** Answers the signature list of {@code name@digest} with {@code answer} instead. */
    public void answerSignaturesWith(String name, String digest, RawAnswer answer) {
        rawAnswers.put(name + "@" + digest, answer);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/oapi/")) {
                api(exchange, path);
            } else if (path.startsWith("/v2/") && path.contains("/blobs/")) {
                int split = path.lastIndexOf("/blobs/");
                byte[] blob = blobs.get(path.substring(4, split) + "@" + path.substring(split + "/blobs/".length()));
                if (blob == null) {
                    respond(exchange, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}");
                } else {
                    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(200, blob.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(blob);
                    }
                }
            } else if (path.equals("/v2/")) {
                exchange.getResponseHeaders().add("X-Registry-Supports-Signatures", "1");
                respond(exchange, 200, "{}");
            } else if (path.startsWith("/v2/") && path.contains("/manifests/")) {
                manifest(exchange, path.substring(4), method.equals("HEAD"));
            } else if (path.startsWith("/extensions/v2/") && path.contains("/signatures/")) {
                String within = path.substring("/extensions/v2/".length());
                int split = within.lastIndexOf("/signatures/");
                String key = within.substring(0, split) + "@" + within.substring(split + "/signatures/".length());
                signatureList(exchange, key, method);
            } else {
                respond(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        apiRequests.incrementAndGet();
        String token = apiToken;
        if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, status(401, "Unauthorized", "Unauthorized"));
            return;
        }
        java.util.regex.Matcher stream = java.util.regex.Pattern
                .compile("/oapi/v1/namespaces/([^/]+)/imagestreams/([^/]+)").matcher(path);
        java.util.regex.Matcher image = java.util.regex.Pattern
                .compile("/oapi/v1/namespaces/([^/]+)/imagestreamimages/([^/@]+)@([^/]+)").matcher(path);
        if (stream.matches()) {
            String name = stream.group(1) + "/" + stream.group(2);
            Map<String, List<String>> tags = streams.get(name);
            if (tags == null) {
                respond(exchange, 404, status(404, "NotFound", "imagestreams.image.openshift.io \""
                        + stream.group(2) + "\" not found"));
                return;
            }
            List<String> entries = new ArrayList<>();
            for (Map.Entry<String, List<String>> tag : new java.util.TreeMap<>(tags).entrySet()) {
                List<String> items = new ArrayList<>();
                for (String digest : tag.getValue()) {
                    items.add("{\"created\":\"2026-01-01T00:00:00Z\",\"dockerImageReference\":\"172.30.1.1:5000/"
                            + name + "@" + digest + "\",\"image\":\"" + digest + "\",\"generation\":1}");
                }
                entries.add("{\"tag\":\"" + tag.getKey() + "\",\"items\":[" + String.join(",", items) + "]}");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            respond(exchange, 200, "{\"kind\":\"ImageStream\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
                    + stream.group(2) + "\",\"namespace\":\"" + stream.group(1) + "\"},\"spec\":{},\"status\":{"
                    + "\"dockerImageRepository\":\"172.30.1.1:5000/" + name + "\",\"tags\":["
                    + String.join(",", entries) + "]}}");
        } else if (image.matches()) {
            String key = image.group(1) + "/" + image.group(2) + "@" + image.group(3);
            List<String> entries = signatures.get(key);
            if (entries == null) {
                respond(exchange, 404, status(404, "NotFound", "imagestreamimages.image.openshift.io \""
                        + image.group(2) + "@" + image.group(3) + "\" not found"));
                return;
            }
            List<String> objects = new ArrayList<>();
            for (String entry : entries) {
                // the extension API's entry {"schemaVersion":2,"type":...,"name":...,"content":...} as an ImageSignature
                objects.add("{\"kind\":\"ImageSignature\",\"metadata\":{\"name\":"
                        + entry.replaceAll(".*\"name\":(\"[^\"]*\").*", "$1") + "},"
                        + entry.substring(1).replaceFirst("\"schemaVersion\":\\d+,", ""));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            respond(exchange, 200, "{\"kind\":\"ImageStreamImage\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
                    + image.group(2) + "@" + image.group(3) + "\"},\"image\":{\"metadata\":{\"name\":\""
                    + image.group(3) + "\"},\"dockerImageReference\":\"172.30.1.1:5000/" + image.group(1) + "/"
                    + image.group(2) + "@" + image.group(3) + "\",\"signatures\":[" + String.join(",", objects)
                    + "]}}");
        } else {
            respond(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
        }
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private void manifest(HttpExchange exchange, String nameAndReference, boolean head) throws IOException {
        int split = nameAndReference.lastIndexOf("/manifests/");
        String name = nameAndReference.substring(0, split);
        String reference = nameAndReference.substring(split + "/manifests/".length());
        byte[] manifest = manifests.get(name + (reference.contains(":") ? "@" : ":") + reference);
        if (manifest == null) {
            respond(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        exchange.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + sha256(manifest));
        if (head) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, manifest.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(manifest);
        }
    }

    private void signatureList(HttpExchange exchange, String key, String method) throws IOException {
        if (method.equals("PUT")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            putBodies.add(body);
            if (!body.startsWith("{") || !body.endsWith("}") || !signatures.containsKey(key)) {
                respond(exchange, body.startsWith("{") ? 404 : 400, "{\"errors\":[{\"code\":\"INVALID\"}]}");
                return;
            }
            signatures.get(key).add(body);
            respond(exchange, 201, "");
            return;
        }
        RawAnswer raw = rawAnswers.get(key);
        if (raw != null) {
            respond(exchange, raw.status(), raw.body());
            return;
        }
        List<String> entries = signatures.get(key);
        if (entries == null) {
            respond(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        respond(exchange, 200, "{\"signatures\":[" + String.join(",", entries) + "]}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256Bytes(data));
    }

    private static byte[] sha256Bytes(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
