package dev.vouch.serve;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vouch.metrics.Counter;
import dev.vouch.metrics.Metrics;
import dev.vouch.notify.TagHint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The HTTP side of {@code vouch serve}: {@code /healthz} (the process answers), {@code /readyz} (it can do its work),
 * {@code /metrics} (Prometheus text) and, when a token is configured, {@code /notifications} for registry events.
 */
public final class ServeHttp implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ServeHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free one). Without a notification token there is no
     * {@code /notifications} endpoint: an unauthenticated one would let anyone make vouch poll a registry.
     */
    public static ServeHttp start(InetSocketAddress address, Metrics metrics, Readiness readiness,
            Optional<String> notificationToken, Consumer<TagHint> hints) throws IOException {
        TcpNoDelay.enable();
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "vouch-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", healthz());
        server.createContext("/readyz", exact("/readyz", exchange -> {
            try (exchange) {
                Optional<String> reason = readiness.notReadyBecause();
                HttpResponses.send(exchange, reason.isEmpty() ? 200 : 503,
                        reason.map(why -> "not ready: " + why + "\n")
                                .orElseGet(() -> "ready" + readiness.role().map(r -> ": " + r).orElse("") + "\n"));
            }
        }));
        server.createContext("/metrics", exact("/metrics", exchange -> {
            try (exchange) {
                HttpResponses.send(exchange, 200, PROMETHEUS_TEXT, metrics.render());
            }
        }));
        if (notificationToken.isPresent()) {
            Counter requests = metrics.counter("vouch_notification_requests_total",
                    "Registry notification requests received, by HTTP status answered.", "status");
            server.createContext("/notifications", exact("/notifications",
                    new NotificationEndpoint(notificationToken.get(), hints, requests)));
        }
        server.start();
        return new ServeHttp(server, executor);
    }

    /** The address actually bound (with the chosen port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code /healthz}: the process answers. */
    static HttpHandler healthz() {
        return exact("/healthz", exchange -> {
            try (exchange) {
                HttpResponses.send(exchange, 200, "ok\n");
            }
        });
    }

    /** The server matches contexts by prefix; vouch's endpoints are exact paths, anything longer is 404. */
    static HttpHandler exact(String path, HttpHandler handler) {
        return exchange -> {
            if (exchange.getRequestURI().getPath().equals(path)) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                HttpResponses.send(exchange, 404, "not found\n");
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
