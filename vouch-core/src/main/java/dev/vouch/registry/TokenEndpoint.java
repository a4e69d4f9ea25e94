package dev.vouch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.registry.auth.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token server of a {@code Bearer} challenge: {@code GET realm?service=S&scope=SCOPE[&account=USER]} (no scope
 * when it is empty, as for a login check), with basic
 * credentials if there are any; the answer's {@code token} (else {@code access_token}) is valid for
 * {@code expires_in} seconds (at least 60, as in containers/image) from {@code issued_at} (else now).
 */
final class TokenEndpoint {
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final long MINIMUM_LIFETIME_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchanges exchanges;
    private final String registry;
    private final Optional<Credentials> credentials;
    private final Clock clock;

    TokenEndpoint(HttpExchanges exchanges, String registry, Optional<Credentials> credentials, Clock clock) {
        this.exchanges = exchanges;
        this.registry = registry;
        this.credentials = credentials;
        this.clock = clock;
    }

    BearerToken fetch(AuthChallenge challenge, String scope, String repository) throws RegistryException {
        return fetch(challenge, scope.isEmpty() ? List.of() : List.of(scope), repository);
    }

    /** A token for all of {@code scopes} at once (one {@code scope} parameter each, as containers/image asks). */
    BearerToken fetch(AuthChallenge challenge, List<String> scopes, String repository)
            throws RegistryException {
        String realm = challenge.parameter("realm").orElseThrow(() -> new RegistryAuthenticationException(registry,
                repository, "the registry's Bearer challenge has no realm"));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryAuthenticationException(registry, repository, "the registry's token realm " + realm
                    + " is not a URL");
        }
        if (!realmUri.isAbsolute() || realmUri.getHost() == null
                || !(realmUri.getScheme().equals("https") || realmUri.getScheme().equals("http"))) {
            throw new RegistryAuthenticationException(registry, repository, "the registry's token realm " + realm
                    + " is not an http(s) URL");
        }
        StringBuilder query = new StringBuilder();
        challenge.parameter("service").ifPresent(service -> append(query, "service", service));
        scopes.forEach(scope -> append(query, "scope", scope));
        credentials.ifPresent(c -> append(query, "account", c.username()));
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        // as containers/image does: basic credentials only when both user and password are set
        Optional<String> authorization = credentials.filter(c -> !c.username().isEmpty() && !c.password().isEmpty())
                .map(c -> "Basic " + Base64.getEncoder()
                .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
        Instant requestedAt = clock.instant();
        HttpResponse<InputStream> response = exchanges.send("GET", uri, Map.of("Accept", "application/json"),
                authorization, repository);
        try (InputStream in = new BoundedInputStream(response.body(), MAX_RESPONSE_BYTES)) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new RegistryAuthenticationException(registry, repository, "the token server "
                        + HttpExchanges.withoutQuery(uri) + " refused the request (status " + status + ")"
                        + (credentials.isEmpty() ? "; no credentials were given" : "; check the credentials"));
            }
            if (status != 200) {
                throw new RegistryResponseException(registry, repository, "the token server "
                        + HttpExchanges.withoutQuery(uri) + " answered with status " + status, status,
                        exchanges.retryAfter(response));
            }
            return parse(in.readAllBytes(), requestedAt, repository);
        } catch (IOException e) {
            if (e instanceof RegistryException registryException) {
                throw registryException;
            }
            throw new RegistryException(registry, repository, "reading the answer of the token server "
                    + HttpExchanges.withoutQuery(uri) + ": " + e.getMessage(), e);
        }
    }

    private BearerToken parse(byte[] body, Instant requestedAt, String repository) throws RegistryException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(registry, repository, "the token server's answer is not JSON");
        }
        String token = text(root, "token").or(() -> text(root, "access_token")).orElseThrow(() ->
                new RegistryAuthenticationException(registry, repository,
                        "the token server's answer has neither token nor access_token"));
        long lifetime = root != null && root.path("expires_in").canConvertToLong()
                ? root.path("expires_in").asLong() : 0;
        if (lifetime < MINIMUM_LIFETIME_SECONDS) {
            lifetime = MINIMUM_LIFETIME_SECONDS;
        }
        Instant issuedAt = requestedAt;
        Optional<String> issued = text(root, "issued_at");
        if (issued.isPresent()) {
            try {
                issuedAt = OffsetDateTime.parse(issued.get()).toInstant();
            } catch (DateTimeParseException e) {
                issuedAt = requestedAt;
            }
        }
        return new BearerToken(token, issuedAt.plusSeconds(lifetime));
    }

    private static Optional<String> text(JsonNode root, String field) {
        if (root == null || !root.path(field).isTextual() || root.path(field).asText().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(root.path(field).asText());
    }

    private static void append(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
