package dev.vouch.testing.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a directory over plain HTTP on 127.0.0.1 (a lookaside store for tests): {@code GET /a/b} is the file
 * {@code ROOT/a/b}, 404 if missing. {@link #failWith} makes every answer a given status instead.
 */
public final class StaticFileServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int forcedStatus;

    private StaticFileServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StaticFileServer start(Path root) throws IOException {
        return new StaticFileServer(root);
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every request with {@code status} (0 to serve files again). */
    public void failWith(int status) {
        forcedStatus = status;
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (forcedStatus != 0) {
                exchange.sendResponseHeaders(forcedStatus, -1);
                return;
            }
            Path file = root.resolve(exchange.getRequestURI().getPath().replaceFirst("^/+", "")).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
