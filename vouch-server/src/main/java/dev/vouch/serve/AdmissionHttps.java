package dev.vouch.serve;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vouch.admission.AdmissionDecider;
import dev.vouch.admission.NamespaceRules;
import dev.vouch.metrics.Counter;
import dev.vouch.metrics.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admission webhooks over HTTPS (the API server calls webhooks over TLS only): {@code /validate},
 * {@code /mutate} and {@code /imagereview}, and {@code /healthz} for probes, served with a {@link ServingCertificate} that follows its files.
 */
public final class AdmissionHttps implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService executor;

    private AdmissionHttps(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code address} (port 0 picks a free one). */
    public static AdmissionHttps start(InetSocketAddress address, ServingCertificate certificate,
                                       AdmissionDecider decider, NamespaceRules rules, Metrics metrics, Clock clock)
            throws IOException {
        TcpNoDelay.enable();
        HttpsServer server = HttpsServer.create(address, 128);
        try {
            server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
        } catch (GeneralSecurityException e) {
            server.stop(0);
            throw new IOException("admission: TLS cannot be set up: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "vouch-admission");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        Counter decisions = metrics.counter("vouch_admission_decisions_total",
                "Admission requests answered, by webhook and decision (allowed, denied, warned, audited, exempt,"
                        + " invalid).", "webhook", "decision");
        for (AdmissionEndpoint.Webhook webhook : AdmissionEndpoint.Webhook.values()) {
            String path = "/" + webhook.label();
            server.createContext(path, ServeHttp.exact(path, new AdmissionEndpoint(webhook, decider, rules, decisions, clock)));
        }
        server.createContext("/healthz", ServeHttp.healthz());
        server.start();
        return new AdmissionHttps(server, executor);
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
