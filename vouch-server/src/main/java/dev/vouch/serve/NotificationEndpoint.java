package dev.vouch.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.metrics.Counter;
import dev.vouch.notify.InvalidNotificationException;
import dev.vouch.notify.RegistryNotifications;
import dev.vouch.notify.TagHint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code POST /notifications}: where a distribution registry sends its events. The request must carry
 * {@code Authorization: Bearer <token>} with the configured token (compared in constant time); the body's push
 * events become {@link TagHint}s, which only make vouch re-read those tags from the registry sooner. Answers:
 * 200 accepted, 400 not an envelope, 401 missing or wrong token, 405 not POST, 413 too large, 415 wrong media type.
 */
final class NotificationEndpoint implements HttpHandler {
    private final byte[] expectedAuthorization;
    private final Consumer<TagHint> hints;
    private final Counter requests;

    NotificationEndpoint(String token, Consumer<TagHint> hints, Counter requests) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the notification token must not be empty");
        }
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.hints = hints;
        this.requests = requests;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = answer(exchange);
            requests.inc(Integer.toString(status));
            HttpResponses.send(exchange, status, status == 200 ? "accepted\n" : statusText(status));
        }
    }

    private int answer(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return 405;
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vouch notifications\"");
            return 401;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !acceptedMediaType(contentType)) {
            return 415;
        }
        byte[] body;
        try (InputStream in = new BoundedInputStream(exchange.getRequestBody(),
                RegistryNotifications.MAX_BODY_BYTES)) {
            body = in.readAllBytes();
        } catch (LimitExceededException e) {
            return 413;
        }
        List<TagHint> parsed;
        try {
            parsed = RegistryNotifications.hints(body);
        } catch (InvalidNotificationException e) {
            return 400;
        }
        parsed.forEach(hints);
        return 200;
    }

    private boolean authorized(String header) {
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expectedAuthorization);
    }

    private static boolean acceptedMediaType(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals(RegistryNotifications.MEDIA_TYPE) || type.equals("application/json");
    }

    private static String statusText(int status) {
        switch (status) {
            case 400:
                return "not a distribution event envelope\n";
            case 401:
                return "missing or wrong token\n";
            case 405:
                return "only POST\n";
            case 413:
                return "body too large\n";
            case 415:
                return "expected " + RegistryNotifications.MEDIA_TYPE + "\n";
            default:
                return "\n";
        }
    }
}
