package dev.vouch.testing.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker registry token server for tests (the distribution token protocol): {@code GET /token?service=S&scope=...}
 * with optional basic credentials returns a JWT signed RS256 by a test key, whose certificate (in the JWT's
 * {@code x5c}) is the registry's {@code rootcertbundle}. Every requested action is granted.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "vouch-test-registry";
    public static final String ISSUER = "vouch-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final TestCertificates.Issued signer;
    private final Optional<String> expectedAuthorization;
    private final long expiresInSeconds;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<String> accounts = new ArrayList<>();

    private TokenServer(TestCertificates.Issued signer, Optional<String> user, Optional<String> password,
                        long expiresInSeconds) throws IOException {
        this.signer = signer;
        this.expectedAuthorization = user.map(u -> "Basic " + Base64.getEncoder().encodeToString(
                (u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
        this.expiresInSeconds = expiresInSeconds;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** A token server that requires {@code user}/{@code password} (if given) and issues tokens for the given life. */
    public static TokenServer start(Optional<String> user, Optional<String> password, long expiresInSeconds)
            throws IOException, GeneralSecurityException {
        return new TokenServer(TestCertificates.authority("vouch test token signer"), user, password,
                expiresInSeconds);
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** Writes the certificate the registry must trust for tokens. */
    public void writeRootCertificate(Path file) throws IOException {
        java.nio.file.Files.writeString(file, TestCertificates.pem(signer.certificate()));
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public synchronized List<String> accounts() {
        return List.copyOf(accounts);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (expectedAuthorization.isPresent() && !expectedAuthorization.get().equals(authorization)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<String> scopes = new ArrayList<>();
            String account = "";
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = pair.substring(0, equals);
                String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (name.equals("scope")) {
                    scopes.add(value);
                } else if (name.equals("account")) {
                    account = value;
                }
            }
            synchronized (this) {
                accounts.add(account);
            }
            byte[] body = tokenResponse(account, scopes);
            tokensIssued.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private byte[] tokenResponse(String account, List<String> scopes) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", account).put("aud", SERVICE)
                .put("exp", now.getEpochSecond() + Math.max(expiresInSeconds, 1))
                .put("nbf", now.getEpochSecond() - 10).put("iat", now.getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
            ArrayNode actions = entry.putArray("actions");
            for (String action : parts[2].split(",")) {
                actions.add(action);
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(signer.keyPair().getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        String jwt = signingInput + "." + url.encodeToString(rsa.sign());
        ObjectNode response = JSON.createObjectNode().put("token", jwt).put("expires_in", expiresInSeconds)
                .put("issued_at", now.toString());
        return JSON.writeValueAsBytes(response);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
