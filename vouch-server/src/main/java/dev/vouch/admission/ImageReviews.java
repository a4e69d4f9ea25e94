package dev.vouch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code ImageReview} requests and writes their answers ({@code imagepolicy.k8s.io/v1alpha1}). */
public final class ImageReviews {
    public static final String API_VERSION = "imagepolicy.k8s.io/v1alpha1";

    private ImageReviews() {
    }

    /** Parses a request body. */
    public static ImageReviewRequest parse(byte[] body) throws InvalidAdmissionRequestException {
        JsonNode review = AdmissionJson.readObject(body);
        if (!API_VERSION.equals(review.path("apiVersion").asText(null))) {
            throw new InvalidAdmissionRequestException("apiVersion: must be " + API_VERSION);
        }
        if (!"ImageReview".equals(review.path("kind").asText(null))) {
            throw new InvalidAdmissionRequestException("kind: must be ImageReview");
        }
        JsonNode spec = review.get("spec");
        if (spec == null || !spec.isObject()) {
            throw new InvalidAdmissionRequestException("spec: must be an object");
        }
        JsonNode containers = spec.get("containers");
        if (containers == null || !containers.isArray()) {
            throw new InvalidAdmissionRequestException("spec.containers: must be a list");
        }
        List<String> images = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode image = containers.get(i).get("image");
            if (image == null || !image.isTextual() || image.asText().isEmpty()) {
                throw new InvalidAdmissionRequestException("spec.containers[" + i + "].image: must be a non-empty"
                        + " string");
            }
            images.add(image.asText());
        }
        JsonNode namespace = spec.get("namespace");
        if (namespace != null && !namespace.isNull() && !namespace.isTextual()) {
            throw new InvalidAdmissionRequestException("spec.namespace: must be a string");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        JsonNode given = spec.get("annotations");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new InvalidAdmissionRequestException("spec.annotations: must be an object");
            }
            var fields = given.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!field.getValue().isTextual()) {
                    throw new InvalidAdmissionRequestException("spec.annotations." + field.getKey()
                            + ": must be a string");
                }
                annotations.put(field.getKey(), field.getValue().asText());
            }
        }
        return new ImageReviewRequest(images, namespace == null || namespace.isNull() ? "" : namespace.asText(),
                annotations);
    }

    /**
     * The answer to a decided review: {@code allowed}, the reason (the denial's message, or the warnings of an
     * admitted one) and the audit annotations.
     */
    public static byte[] write(AdmissionResponse response) {
        String reason = response.allowed() ? String.join("\n", response.warnings()) : response.message();
        return write(response.allowed(), reason, response.auditAnnotations());
    }

    /** The answer: {@code status.allowed}, {@code status.reason} and the audit annotations. */
    public static byte[] write(boolean allowed, String reason, Map<String, String> auditAnnotations) {
        ObjectNode review = AdmissionJson.review(API_VERSION, "ImageReview");
        ObjectNode status = review.putObject("status");
        status.put("allowed", allowed);
        if (!reason.isEmpty()) {
            status.put("reason", reason);
        }
        if (!auditAnnotations.isEmpty()) {
            ObjectNode annotations = status.putObject("auditAnnotations");
            auditAnnotations.forEach(annotations::put);
        }
        return AdmissionJson.bytes(review);
    }
}
