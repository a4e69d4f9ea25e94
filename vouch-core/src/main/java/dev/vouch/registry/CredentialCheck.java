package dev.vouch.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks credentials against a registry as {@code podman login} does: {@code GET /v2/} (HTTPS, or plain HTTP if that
 * fails and the options are insecure); if the registry asks for authentication, the same request again with the
 * credentials ({@code Basic}, or a {@code Bearer} token fetched with them for no particular scope). 200 means valid;
 * a refusal is a {@link RegistryAuthenticationException}.
 */
public final class CredentialCheck {
    private CredentialCheck() {
    }

    /** Succeeds if {@code registry} accepts {@code options}' credentials (or needs none). */
    public static void check(String registry, RegistryClientOptions options) throws RegistryException {
        Clock clock = Clock.systemUTC();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout()).sslContext(options.sslContext()).build();
        HttpExchanges exchanges = new HttpExchanges(http, registry, options.retries(), options.requestTimeout(), clock);
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        HttpResponse<InputStream> first;
        URI uri = URI.create("https://" + host + "/v2/");
        try {
            first = exchanges.send("GET", uri, Map.of(), Optional.empty(), null);
        } catch (RegistryException httpsFailure) {
            if (!options.insecure()) {
                throw httpsFailure;
            }
            uri = URI.create("http://" + host + "/v2/");
            first = exchanges.send("GET", uri, Map.of(), Optional.empty(), null);
        }
        HttpExchanges.closeQuietly(first);
        if (first.statusCode() == 200) {
            return;
        }
        if (first.statusCode() != 401) {
            throw new RegistryResponseException(registry, null, "pinging the registry at " + uri + " gave status "
                    + first.statusCode() + "; expected 200 or 401", first.statusCode());
        }
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String header : first.headers().allValues("WWW-Authenticate")) {
            AuthChallenge.parse(header).ifPresent(challenges::add);
        }
        Optional<AuthChallenge> challenge = challenges.stream()
                .filter(c -> c.scheme().equals("bearer") || c.scheme().equals("basic")).findFirst();
        if (challenge.isEmpty()) {
            throw new RegistryAuthenticationException(registry, null, "the registry asks for an authentication"
                    + " scheme vouch does not support");
        }
        String authorization;
        if (challenge.get().scheme().equals("basic")) {
            String pair = options.credentials().map(c -> c.username() + ":" + c.password()).orElse(":");
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            TokenEndpoint tokens = new TokenEndpoint(exchanges, registry, options.credentials(), clock);
            authorization = "Bearer " + tokens.fetch(challenge.get(), "", null).value();
        }
        HttpResponse<InputStream> second = exchanges.send("GET", uri, Map.of(), Optional.of(authorization), null);
        HttpExchanges.closeQuietly(second);
        int status = second.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryAuthenticationException(registry, null, "the registry refused the credentials (status "
                    + status + ")");
        }
        if (status != 200) {
            throw new RegistryResponseException(registry, null, "checking the credentials at " + uri
                    + " gave status " + status, status);
        }
    }
}
