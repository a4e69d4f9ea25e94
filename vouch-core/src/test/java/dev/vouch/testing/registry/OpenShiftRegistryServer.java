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
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
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

    private OpenShiftRegistryServer(SSLContext tls) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the server over HTTPS with a certificate from a fresh test CA (clients skip verification). */
    public static OpenShiftRegistryServer start() throws IOException, GeneralSecurityException {
        TestCertificates.Issued certificate = TestCertificates.server(TestCertificates.authority("openshift test CA"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "test".toCharArray();
        keys.setKeyEntry("server", certificate.keyPair().getPrivate(), password,
                new Certificate[] {certificate.certificate()});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        return new OpenShiftRegistryServer(tls);
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
            if (path.equals("/v2/")) {
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
