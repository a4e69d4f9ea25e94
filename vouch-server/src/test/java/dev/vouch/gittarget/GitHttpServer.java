package dev.vouch.gittarget;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Git's smart HTTP protocol on 127.0.0.1, served by the real {@code git http-backend} (run as a CGI program per
 * request) behind HTTP basic authentication with one user whose password the test may change.
 */
final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final Path projectRoot;
    private final Path home;
    private final String user;
    private volatile String password;

    private GitHttpServer(Path projectRoot, Path home, String user, String password) throws IOException {
        this.projectRoot = projectRoot;
        this.home = home;
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static GitHttpServer start(GitFixture git, Path projectRoot, String user, String password) throws IOException {
        return new GitHttpServer(projectRoot, git.root().resolve("git-home"), user, password);
    }

    String url(String repository) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
    }

    void changePassword(String newPassword) {
        this.password = newPassword;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ProcessBuilder builder = new ProcessBuilder(List.of("git", "http-backend"));
            Map<String, String> env = builder.environment();
            env.put("GIT_PROJECT_ROOT", projectRoot.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("HOME", home.toString());
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getPath());
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? ""
                    : exchange.getRequestURI().getRawQuery());
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            env.put("REMOTE_USER", user);
            env.put("REMOTE_ADDR", "127.0.0.1");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                env.put("CONTENT_TYPE", contentType);
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) {
                env.put("GIT_PROTOCOL", protocol);
            }
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            Thread feeder = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(body);
                } catch (IOException ignored) {
                    // the backend answered without reading everything
                }
            });
            feeder.start();
            byte[] output = process.getInputStream().readAllBytes();
            process.waitFor(60, TimeUnit.SECONDS);
            int[] bounds = headerBounds(output);
            int split = bounds[0];
            int status = 200;
            for (String line : new String(output, 0, split, StandardCharsets.ISO_8859_1).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            int bodyStart = bounds[1];
            int length = output.length - bodyStart;
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
            if (length > 0) {
                exchange.getResponseBody().write(output, bodyStart, length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the CGI headers end and the body starts (after {@code \r\n\r\n} or {@code \n\n}). */
    private static int[] headerBounds(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (i + 3 < output.length && output[i] == '\r' && output[i + 1] == '\n' && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                return new int[] {i, i + 4};
            }
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return new int[] {i, i + 2};
            }
        }
        return new int[] {output.length, output.length};
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
