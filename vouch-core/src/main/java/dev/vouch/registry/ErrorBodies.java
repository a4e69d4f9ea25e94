package dev.vouch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * The distribution API's error body ({@code {"errors":[{"code":...,"message":...}]}}) of a failed request, as a short
 * suffix for messages. Only the first error's code and message are kept, cut short: a registry's answer is untrusted
 * text.
 */
final class ErrorBodies {
    static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_TEXT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {
    }

    /** {@code "; CODE: message"}, or empty if the body says nothing usable; always closes the body. */
    static String summary(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BYTES);
        } catch (IOException e) {
            return "";
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty() && message.isEmpty()) {
                return "";
            }
            return "; " + printable(code + (message.isEmpty() ? "" : ": " + message));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_TEXT).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
