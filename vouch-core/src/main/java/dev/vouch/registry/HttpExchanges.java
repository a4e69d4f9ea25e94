package dev.vouch.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends one logical request: retries 429 and 502/503/504 answers per the {@link RetryPolicy}, and follows redirects
 * itself so that the {@code Authorization} header goes only to the host it was meant for.
 */
final class HttpExchanges {
    static final int MAX_REDIRECTS = 10;

    private final HttpClient http;
    private final String registry;
    private final RetryPolicy retries;
    private final Duration requestTimeout;
    private final Clock clock;

    HttpExchanges(HttpClient http, String registry, RetryPolicy retries, Duration requestTimeout, Clock clock) {
        this.http = Objects.requireNonNull(http);
        this.registry = Objects.requireNonNull(registry);
        this.retries = Objects.requireNonNull(retries);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The final response (after redirects and retries) to {@code method uri}. {@code authorization}, if present, is
     * sent to {@code uri}'s host and port only; the caller must close the body.
     */
    HttpResponse<InputStream> send(String method, URI uri, Map<String, String> headers,
                                   Optional<String> authorization, String repository) throws RegistryException {
        return send(method, uri, headers, authorization, repository, Optional.empty());
    }

    /**
     * As {@link #send(String, URI, Map, Optional, String)}, with a request body. The body must be replayable (a file
     * or bytes): it is sent again on a retry and on a 307/308 redirect; a 301/302/303 redirect of a request with a
     * body continues as a {@code GET} without it, as Go's HTTP client (and so containers/image) does.
     */
    HttpResponse<InputStream> send(String method, URI uri, Map<String, String> headers,
                                   Optional<String> authorization, String repository,
                                   Optional<HttpRequest.BodyPublisher> body) throws RegistryException {
        Duration backoff = retries.initialDelay();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response = followRedirects(method, uri, headers, authorization, repository,
                    body);
            if (!RetryPolicy.retriable(response.statusCode()) || attempt >= retries.maxAttempts()) {
                return response;
            }
            closeQuietly(response);
            Duration delay = retryAfter(response).orElse(backoff);
            if (delay.compareTo(retries.maxDelay()) > 0) {
                delay = retries.maxDelay();
            }
            backoff = backoff.multipliedBy(2);
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(registry, repository, "interrupted while waiting to retry " + uri, e);
            }
        }
    }

    private HttpResponse<InputStream> followRedirects(String method, URI uri, Map<String, String> headers,
                                                      Optional<String> authorization, String repository,
                                                      Optional<HttpRequest.BodyPublisher> body)
            throws RegistryException {
        URI current = uri;
        String currentMethod = method;
        Optional<HttpRequest.BodyPublisher> currentBody = body;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(requestTimeout)
                    .method(currentMethod, currentBody.orElseGet(HttpRequest.BodyPublishers::noBody));
            headers.forEach(request::header);
            if (authorization.isPresent() && sameOrigin(uri, current)) {
                request.header("Authorization", authorization.get());
            }
            HttpResponse<InputStream> response = exchange(request.build(), repository);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(status) || location.isEmpty()) {
                return response;
            }
            closeQuietly(response);
            if (redirects >= MAX_REDIRECTS) {
                throw new RegistryException(registry, repository, "more than " + MAX_REDIRECTS
                        + " redirects from " + uri);
            }
            URI next;
            try {
                next = current.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(registry, repository, "invalid redirect location from " + current, e);
            }
            if (!"https".equalsIgnoreCase(next.getScheme()) && !"http".equalsIgnoreCase(next.getScheme())) {
                throw new RegistryException(registry, repository, "redirect from " + current
                        + " to a non-HTTP location");
            }
            boolean keepsMethod = status == 307 || status == 308 || currentMethod.equals("HEAD")
                    || (currentMethod.equals("GET") && currentBody.isEmpty());
            if (!keepsMethod) {
                currentMethod = "GET";
                currentBody = Optional.empty();
            }
            current = next;
        }
    }

    private HttpResponse<InputStream> exchange(HttpRequest request, String repository) throws RegistryException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new RegistryUnreachableException(registry, repository, request.method() + " "
                    + withoutQuery(request.uri())
                    + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(registry, repository, "interrupted during " + request.method() + " "
                    + withoutQuery(request.uri()), e);
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * {@code response}'s {@code Retry-After} (seconds, or an HTTP date) as a delay from now; empty if it has none or
     * an invalid one.
     */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.get());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration delay = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** A URI without its query, for messages (token requests carry the account name there). */
    static String withoutQuery(URI uri) {
        String text = uri.toString();
        int question = text.indexOf('?');
        return question < 0 ? text : text.substring(0, question);
    }

    static void closeQuietly(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is discarded; nothing to report
        }
    }
}
