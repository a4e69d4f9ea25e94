package dev.vouch.registriesd;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.signature.SignatureEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A read-only lookaside store over {@code http:} or {@code https:}: {@code 200} is a signature, {@code 404} means
 * there is none (ending the sequence), and anything else (another status, a connection failure, a blob over
 * {@link SignatureEnvelope#MAX_BLOB_BYTES}) is an error, never "no signatures". No credentials are sent.
 */
public final class HttpLookaside implements LookasideReader {
    /** How a lookaside reader follows redirects: to any host, never from {@code https:} to {@code http:}. */
    public static final HttpClient.Redirect REDIRECTS = HttpClient.Redirect.NORMAL;
    /** The connect timeout of a reader's own client, and how long a response is awaited. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Duration requestTimeout;

    private HttpLookaside(HttpClient http, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A reader using {@code sslContext} for {@code https:}, following redirects, with 30 s timeouts. */
    public static HttpLookaside create(SSLContext sslContext) {
        HttpClient http = HttpClient.newBuilder().sslContext(sslContext).followRedirects(REDIRECTS)
                .connectTimeout(TIMEOUT).build();
        return new HttpLookaside(http, TIMEOUT);
    }

    /**
     * A reader whose requests go through {@code http}, which others may share; it must follow redirects as
     * {@link #REDIRECTS} says (never from {@code https:} to {@code http:}). Responses are awaited for 30 s.
     */
    public static HttpLookaside create(HttpClient http) {
        if (http.followRedirects() != REDIRECTS) {
            throw new IllegalArgumentException("the HTTP client of a lookaside reader must follow redirects "
                    + REDIRECTS);
        }
        return new HttpLookaside(http, TIMEOUT);
    }

    @Override
    public boolean supports(URI location) {
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    @Override
    public Optional<byte[]> read(URI location) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(location).timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IOException("reading signature from " + location + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("reading signature from " + location + ": interrupted", e);
        }
        try (InputStream in = new BoundedInputStream(response.body(), SignatureEnvelope.MAX_BLOB_BYTES)) {
            int status = response.statusCode();
            if (status == 404) {
                return Optional.empty();
            }
            if (status != 200) {
                throw new IOException("reading signature from " + location + ": status " + status);
            }
            return Optional.of(in.readAllBytes());
        } catch (LimitExceededException e) {
            throw new IOException("reading signature from " + location + ": larger than the limit of "
                    + SignatureEnvelope.MAX_BLOB_BYTES + " bytes", e);
        }
    }
}
