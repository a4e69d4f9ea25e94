package dev.vouch.registriesd;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.registry.tls.SharedTls;
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
    private static final HttpClient.Redirect REDIRECTS = HttpClient.Redirect.NORMAL;
    /** The connect timeout of a reader's client, and how long a response is awaited. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
     * A reader over {@code tls}'s shared HTTP client for lookaside stores (connections kept alive and shared with
     * every reader of that setting), following redirects as {@link #create(SSLContext)} does, with 30 s timeouts.
     */
    public static HttpLookaside create(SharedTls tls) {
        return new HttpLookaside(tls.httpClient(REDIRECTS, TIMEOUT), TIMEOUT);
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
