package dev.vouch.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vouch.admission.AdmissionDecider;
import dev.vouch.admission.AdmissionRequest;
import dev.vouch.admission.AdmissionResponse;
import dev.vouch.admission.AdmissionReviews;
import dev.vouch.admission.ImageReviewRequest;
import dev.vouch.admission.ImageReviews;
import dev.vouch.admission.InvalidAdmissionRequestException;
import dev.vouch.admission.NamespaceRules;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.metrics.Counter;
import dev.vouch.stream.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One admission webhook: {@code /validate} and {@code /mutate} answer {@code AdmissionReview} (v1),
 * {@code /imagereview} answers the ImagePolicyWebhook's {@code ImageReview}. Each answers before the deadline the
 * API server sends ({@code ?timeout=10s}, 10 s when absent), keeping a margin for the answer's way back. A request
 * that cannot be read is denied when its UID is known, else answered 400 (which the webhook's {@code failurePolicy:
 * Fail} turns into a denial).
 */
final class AdmissionEndpoint implements HttpHandler {
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final String JSON = "application/json";

    /** Which protocol and whether it mutates. */
    enum Webhook {
        VALIDATING("validate"), MUTATING("mutate"), IMAGE_REVIEW("imagereview");

        private final String label;

        Webhook(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final Webhook webhook;
    private final AdmissionDecider decider;
    private final NamespaceRules rules;
    private final Counter decisions;
    private final Clock clock;

    AdmissionEndpoint(Webhook webhook, AdmissionDecider decider, NamespaceRules rules, Counter decisions,
                      Clock clock) {
        this.webhook = webhook;
        this.decider = decider;
        this.rules = rules;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant received = clock.instant();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                count("invalid");
                HttpResponses.send(exchange, 405, "only POST\n");
                return;
            }
            byte[] body;
            try (InputStream in = new BoundedInputStream(exchange.getRequestBody(), MAX_BODY_BYTES)) {
                body = in.readAllBytes();
            } catch (LimitExceededException e) {
                count("invalid");
                HttpResponses.send(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes\n");
                return;
            }
            Instant deadline = deadline(received, exchange.getRequestURI());
            byte[] answer = webhook == Webhook.IMAGE_REVIEW ? imageReview(body, deadline) : admissionReview(body,
                    deadline);
            if (answer == null) {
                HttpResponses.send(exchange, 400, "not an " + (webhook == Webhook.IMAGE_REVIEW ? "ImageReview"
                        : "AdmissionReview") + "\n");
                return;
            }
            HttpResponses.send(exchange, 200, JSON, answer);
        }
    }

    private byte[] admissionReview(byte[] body, Instant deadline) {
        AdmissionRequest request;
        try {
            request = AdmissionReviews.parse(body);
        } catch (InvalidAdmissionRequestException e) {
            count("invalid");
            Optional<String> uid = AdmissionReviews.uidOf(body);
            return uid.map(u -> AdmissionReviews.write(AdmissionResponse.badRequest(u, e.getMessage()))).orElse(null);
        }
        if (rules.exempt(request.namespace())) {
            count("exempt");
            return AdmissionReviews.write(new AdmissionResponse(request.uid(), true, 200, "", List.of(),
                    Map.of(AdmissionDecider.DECISION_ANNOTATION, "exempt"), List.of()));
        }
        boolean mutate = webhook == Webhook.MUTATING && rules.pinDigests(request.namespace());
        AdmissionResponse response = decider.decide(request, rules.mode(request.namespace()), mutate, deadline);
        count(decision(response));
        return AdmissionReviews.write(response);
    }

    private byte[] imageReview(byte[] body, Instant deadline) {
        ImageReviewRequest request;
        try {
            request = ImageReviews.parse(body);
        } catch (InvalidAdmissionRequestException e) {
            count("invalid");
            return ImageReviews.write(false, e.getMessage(), Map.of());
        }
        if (rules.exempt(request.namespace())) {
            count("exempt");
            return ImageReviews.write(true, "", Map.of(AdmissionDecider.DECISION_ANNOTATION, "exempt"));
        }
        AdmissionResponse response = decider.review(request, rules.mode(request.namespace()), deadline);
        count(decision(response));
        return ImageReviews.write(response);
    }

    private static String decision(AdmissionResponse response) {
        return response.auditAnnotations().getOrDefault(AdmissionDecider.DECISION_ANNOTATION,
                response.allowed() ? "allowed" : "denied");
    }

    private void count(String decision) {
        decisions.inc(webhook.label(), decision);
    }

    /**
     * When the answer must be ready: the API server's {@code timeout} (capped at 30 s, the most Kubernetes allows)
     * less a tenth of it, at least 100 ms, for the answer's way back.
     */
    static Instant deadline(Instant received, URI uri) {
        Duration timeout = DEFAULT_TIMEOUT;
        String query = uri.getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("timeout=")) {
                    try {
                        timeout = Durations.parse(parameter.substring("timeout=".length()));
                    } catch (IllegalArgumentException e) {
                        timeout = DEFAULT_TIMEOUT;
                    }
                }
            }
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            timeout = MAX_TIMEOUT;
        }
        Duration margin = timeout.dividedBy(10);
        if (margin.compareTo(Duration.ofMillis(100)) < 0) {
            margin = Duration.ofMillis(100);
        }
        return received.plus(timeout).minus(margin);
    }
}
