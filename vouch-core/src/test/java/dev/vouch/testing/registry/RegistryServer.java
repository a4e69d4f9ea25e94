package dev.vouch.testing.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The real registry ({@code /usr/bin/docker-registry}, docker/distribution 2.8) on 127.0.0.1 and a free port, with
 * filesystem storage in a temporary directory; optionally htpasswd basic auth, TLS, or token auth. The process is
 * killed by {@link #close()} and, should a test forget, by a shutdown hook. For outage tests, {@link #stop()} kills it
 * and {@link #restart()} starts it again on the same port with the same storage.
 */
public final class RegistryServer implements AutoCloseable {
    public static final String BINARY = "/usr/bin/docker-registry";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern ACCESS = Pattern.compile(
            "\"(GET|HEAD|PUT|POST|PATCH|DELETE) (\\S+) HTTP/[0-9.]+\" (\\d+)");

    private final Path configFile;
    private final Thread shutdownHook;
    private final int port;
    private final Path log;
    private volatile Process process;

    private RegistryServer(Path configFile, int port, Path log) {
        this.configFile = configFile;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(() -> {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        });
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder(Path workDirectory) {
        return new Builder(workDirectory);
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image names. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The registry's own log, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** One request of the access log: its method, its path without the query, its status. */
    public record Request(String method, String path, int status) {
    }

    /** The requests the registry logged so far, in order (started with {@link Builder#accessLog()}). */
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        Matcher matcher = ACCESS.matcher(log());
        while (matcher.find()) {
            requests.add(new Request(matcher.group(1), matcher.group(2).replaceAll("\\?.*", ""),
                    Integer.parseInt(matcher.group(3))));
        }
        return requests;
    }

    /**
     * {@link #requests()} once the access log has stopped growing for 300 ms: the registry writes each line after its
     * response, so a count taken at once may miss the last requests.
     */
    public List<Request> settledRequests() throws InterruptedException {
        List<Request> last = requests();
        while (true) {
            Thread.sleep(300);
            List<Request> now = requests();
            if (now.size() == last.size()) {
                return now;
            }
            last = now;
        }
    }

    /** Kills the registry (its port refuses connections until {@link #restart()}); the storage stays. */
    public synchronized void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            running.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Starts the registry again (stopping it first if it runs) with the same configuration, port and storage, and
     * waits until it listens. Its log is appended to.
     */
    public synchronized void restart() throws IOException {
        stop();
        launch(true);
    }

    private void launch(boolean appendLog) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(BINARY, "serve", configFile.toString()).redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("OTEL_TRACES_EXPORTER", "none");
        process = builder.start();
        try {
            awaitListening();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** Options of the registry to start. */
    public static final class Builder {
        private final Path work;
        private Optional<String[]> basicUser = Optional.empty();
        private Optional<TestCertificates.Issued> tls = Optional.empty();
        private Optional<TokenServer> token = Optional.empty();
        private boolean accessLog;
        private Optional<String[]> notifications = Optional.empty();

        private Builder(Path work) {
            this.work = work;
        }

        /** Requires basic auth ({@code htpasswd} with a bcrypt hash). */
        public Builder basicAuth(String user, String password) {
            basicUser = Optional.of(new String[] {user, password});
            return this;
        }

        /** Serves HTTPS with {@code serverCertificate}. */
        public Builder tls(TestCertificates.Issued serverCertificate) {
            tls = Optional.of(serverCertificate);
            return this;
        }

        /** Requires tokens from {@code server}. */
        public Builder tokenAuth(TokenServer server) {
            token = Optional.of(server);
            return this;
        }

        /** Writes an access log line per request ({@code "GET /v2/... HTTP/1.1" 200 ...}) to {@link #log()}. */
        public Builder accessLog() {
            accessLog = true;
            return this;
        }

        /**
         * Sends the registry's events (pushes, pulls) to {@code url} with {@code Authorization: Bearer token}, as
         * docker-registry's {@code notifications.endpoints} do; short timeout and backoff, so a test sees them soon.
         */
        public Builder notifications(String url, String token) {
            notifications = Optional.of(new String[] {url, token});
            return this;
        }

        public RegistryServer start() throws IOException {
            Files.createDirectories(work);
            Path storage = Files.createDirectories(work.resolve("storage"));
            int port = freePort();
            StringBuilder config = new StringBuilder();
            config.append("version: 0.1\n")
                    .append("log:\n  level: warn\n  accesslog:\n    disabled: ").append(!accessLog).append('\n')
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(storage).append('\n')
                    .append("  delete:\n    enabled: true\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                    .append("  secret: vouch-test-secret\n");
            if (tls.isPresent()) {
                Path certificate = work.resolve("server.crt");
                Path key = work.resolve("server.key");
                tls.get().write(certificate, key);
                config.append("  tls:\n    certificate: ").append(certificate).append("\n    key: ").append(key)
                        .append('\n');
            }
            if (basicUser.isPresent()) {
                Path htpasswd = work.resolve("htpasswd");
                byte[] salt = new byte[16];
                new java.security.SecureRandom().nextBytes(salt);
                String hash = OpenBSDBCrypt.generate("2y", basicUser.get()[1].toCharArray(), salt, 4);
                Files.writeString(htpasswd, basicUser.get()[0] + ":" + hash + "\n");
                config.append("auth:\n  htpasswd:\n    realm: vouch-test\n    path: ").append(htpasswd).append('\n');
            } else if (token.isPresent()) {
                Path bundle = work.resolve("token-root.pem");
                token.get().writeRootCertificate(bundle);
                config.append("auth:\n  token:\n    realm: ").append(token.get().realm())
                        .append("\n    service: ").append(TokenServer.SERVICE)
                        .append("\n    issuer: ").append(TokenServer.ISSUER)
                        .append("\n    rootcertbundle: ").append(bundle).append('\n');
            }
            if (notifications.isPresent()) {
                config.append("notifications:\n  endpoints:\n    - name: test\n      url: ")
                        .append(notifications.get()[0])
                        .append("\n      headers:\n        Authorization: [\"Bearer ").append(notifications.get()[1])
                        .append("\"]\n      timeout: 2s\n      threshold: 3\n      backoff: 1s\n");
            }
            Path configFile = work.resolve("config.yml");
            Files.writeString(configFile, config.toString(), StandardCharsets.UTF_8);
            RegistryServer server = new RegistryServer(configFile, port, work.resolve("registry.log"));
            try {
                server.launch(false);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Process started = process;
        while (Instant.now().isBefore(deadline)) {
            if (!started.isAlive()) {
                throw new IOException("docker-registry exited with " + started.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for docker-registry", e);
                }
            }
        }
        throw new IOException("docker-registry did not listen on port " + port + " within " + START_TIMEOUT
                + ": " + log());
    }

    /** A port free on 127.0.0.1 now (for a server the test starts next). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
