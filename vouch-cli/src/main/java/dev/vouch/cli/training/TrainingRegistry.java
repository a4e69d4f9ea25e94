package dev.vouch.cli.training;

import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A read-only registry on 127.0.0.1 holding one image in the {@code dir:} layout (its manifest, blobs and
 * {@code signature-N} files) as {@code REPOSITORY:TAG}, for {@link dev.vouch.cli.ClassDataTraining}: the registry API
 * ({@code GET /v2/}, {@code GET}/{@code HEAD} of the manifest by tag or digest, {@code GET}/{@code HEAD} of blobs)
 * and a lookaside signature store under {@code /sigs} as containers/image lays it out
 * ({@code /sigs/REPOSITORY@sha256=HEX/signature-N}). Anything else is 404. Over HTTPS when given a TLS context.
 *
 * <p>A minimal HTTP/1.1 server on sockets (keep-alive, requests without bodies) rather than the JDK's HTTP server,
 * because of one behaviour the training needs: with {@code --tls-verify=false} vouch tries HTTPS first, and a plain
 * server must refuse the TLS handshake at once, as Go's (docker-registry's) does by answering it in plain HTTP. The
 * JDK's server waits for a request line instead, and vouch's HTTPS attempt would wait for its timeout.
 */
public final class TrainingRegistry implements AutoCloseable {
    /** Where the lookaside store is, below the server's root. */
    public static final String LOOKASIDE_PATH = "/sigs";
    private static final String API_VERSION = "registry/2.0";
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADER_LINES = 100;
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern SIGNATURE = Pattern.compile(
            LOOKASIDE_PATH + "/(.+)@sha256=([0-9a-f]{64})/signature-([1-9][0-9]{0,3})");

    private final ServerSocket listener;
    private final boolean tls;
    private final ExecutorService executor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Path image;
    private final String repository;
    private final String tag;
    private final byte[] manifest;
    private final String mediaType;
    private final Digest digest;
    private final AtomicInteger served = new AtomicInteger();

    /** One answer: status, headers (Content-Type included), body (not sent for {@code HEAD}). */
    private record Response(int status, Map<String, String> headers, byte[] body) {
        static Response of(int status, String contentType, byte[] body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            return new Response(status, headers, body);
        }

        Response with(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private TrainingRegistry(ServerSocket listener, boolean tls, Path image, String repository, String tag,
                             byte[] manifest) throws IOException {
        this.listener = listener;
        this.tls = tls;
        this.image = image;
        this.repository = repository;
        this.tag = tag;
        this.manifest = manifest;
        this.mediaType = MediaTypes.guess(manifest)
                .orElseThrow(() -> new IOException(image.resolve("manifest.json") + ": no media type"));
        this.digest = Digest.sha256(manifest);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "vouch-training-registry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts serving {@code image} (a {@code dir:} directory) as {@code repository:tag} on 127.0.0.1 and a free port,
     * over HTTPS if {@code tls} is present.
     */
    public static TrainingRegistry start(Path image, String repository, String tag, Optional<SSLContext> tls)
            throws IOException {
        byte[] manifest = Files.readAllBytes(image.resolve("manifest.json"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket listener = tls.isPresent()
                ? tls.get().getServerSocketFactory().createServerSocket(0, 16, loopback)
                : new ServerSocket(0, 16, loopback);
        TrainingRegistry registry;
        try {
            registry = new TrainingRegistry(listener, tls.isPresent(), image, repository, tag, manifest);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        registry.executor.execute(registry::accept);
        return registry;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** The digest of the image's manifest. */
    public Digest digest() {
        return digest;
    }

    /** How many requests were answered with 200 so far. */
    public int served() {
        return served.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(socket);
            try {
                executor.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                close(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (!tls) {
                in.mark(1);
                if (in.read() == TLS_HANDSHAKE) {
                    out.write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                in.reset();
            }
            while (true) {
                Optional<String> requestLine = line(in);
                if (requestLine.isEmpty()) {
                    return;
                }
                for (int count = 0; ; count++) {
                    Optional<String> header = line(in);
                    if (header.isEmpty() || count > MAX_HEADER_LINES) {
                        return;
                    }
                    if (header.get().isEmpty()) {
                        break;
                    }
                }
                String[] parts = requestLine.get().split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    write(out, Response.of(400, "text/plain", "bad request\n".getBytes(StandardCharsets.US_ASCII))
                            .with("Connection", "close"), false);
                    return;
                }
                boolean head = parts[0].equals("HEAD");
                if (!head && !parts[0].equals("GET")) {
                    write(out, Response.of(405, "text/plain", "read-only\n".getBytes(StandardCharsets.US_ASCII))
                            .with("Connection", "close"), false);
                    return;
                }
                String target = parts[1];
                int query = target.indexOf('?');
                write(out, respond(query < 0 ? target : target.substring(0, query)), head);
            }
        } catch (IOException e) {
            // the client went away, or the registry is closing
        } finally {
            connections.remove(socket);
        }
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1, or empty at the end of the stream or past the limit. */
    private static Optional<String> line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || bytes.size() >= MAX_HEADER_LINE) {
                return Optional.empty();
            }
            bytes.write(b);
        }
        String line = bytes.toString(StandardCharsets.ISO_8859_1);
        return Optional.of(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    private Response respond(String path) throws IOException {
        if (path.equals("/v2/")) {
            return ok(Response.of(200, "application/json", "{}".getBytes(StandardCharsets.US_ASCII)));
        }
        Matcher matcher = MANIFEST.matcher(path);
        if (matcher.matches() && matcher.group(1).equals(repository)
                && (matcher.group(2).equals(tag) || matcher.group(2).equals(digest.toString()))) {
            return ok(Response.of(200, mediaType, manifest).with("Docker-Content-Digest", digest.toString()));
        }
        matcher = BLOB.matcher(path);
        if (matcher.matches() && matcher.group(1).equals(repository)) {
            Digest blob = Digest.parse(matcher.group(2));
            Path file = image.resolve(blob.encoded());
            if (Files.isRegularFile(file)) {
                return ok(Response.of(200, "application/octet-stream", Files.readAllBytes(file))
                        .with("Docker-Content-Digest", blob.toString()));
            }
        }
        matcher = SIGNATURE.matcher(path);
        if (matcher.matches() && matcher.group(1).equals(repository) && matcher.group(2).equals(digest.encoded())) {
            Path file = image.resolve("signature-" + matcher.group(3));
            if (Files.isRegularFile(file)) {
                return ok(Response.of(200, "application/octet-stream", Files.readAllBytes(file)));
            }
        }
        return Response.of(404, "application/json",
                "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"not found\"}]}"
                        .getBytes(StandardCharsets.US_ASCII));
    }

    private Response ok(Response response) {
        served.incrementAndGet();
        return response;
    }

    private static void write(OutputStream out, Response response, boolean head) throws IOException {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(response.status())
                .append(response.status() == 200 ? " OK" : " Error").append("\r\n");
        text.append("Docker-Distribution-API-Version: ").append(API_VERSION).append("\r\n");
        response.headers().forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Content-Length: ").append(response.body().length).append("\r\n\r\n");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            whole.write(response.body());
        }
        out.write(whole.toByteArray());
        out.flush();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(TrainingRegistry::close);
        executor.shutdownNow();
    }
}
