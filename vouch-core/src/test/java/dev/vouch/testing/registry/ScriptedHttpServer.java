package dev.vouch.testing.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP server on 127.0.0.1 whose answers a test scripts (a fake registry, token server or redirect target for
 * fault tests); it records every request's method, path and {@code Authorization} header.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** What the server saw. */
    public record Request(String method, String path, String query, Optional<String> authorization) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Script script;

    private ScriptedHttpServer(HttpServer server, Script script) {
        this.script = script;
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static ScriptedHttpServer start(Script script) throws IOException {
        return new ScriptedHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), script);
    }

    /**
     * A server over HTTPS with a certificate from a fresh test CA, for clients that skip verification (as a registry
     * client with {@code --tls-verify=false} does, trying HTTPS first).
     */
    public static ScriptedHttpServer startTls(Script script) throws IOException, GeneralSecurityException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.server(
                TestCertificates.authority("scripted test CA")).serverContext()));
        return new ScriptedHttpServer(https, script);
    }

    public void script(Script newScript) {
        script = newScript;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Sends {@code status} with {@code body} (may be empty) and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))));
        }
        try {
            script.answer(exchange);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
