package dev.vouch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads {@code AdmissionReview} requests and writes their responses ({@code admission.k8s.io/v1}). Reading is
 * strict about what the decision depends on (the UID, the kind, the operation, the object) and ignores the rest, as
 * the API server adds fields over time.
 */
public final class AdmissionReviews {
    public static final String API_VERSION = "admission.k8s.io/v1";

    private AdmissionReviews() {
    }

    /** Parses a request body. */
    public static AdmissionRequest parse(byte[] body) throws InvalidAdmissionRequestException {
        JsonNode review = AdmissionJson.readObject(body);
        requireText(review, "apiVersion", "", API_VERSION);
        requireText(review, "kind", "", "AdmissionReview");
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new InvalidAdmissionRequestException("request: must be an object");
        }
        String uid = text(request, "uid", "request.", true);
        JsonNode kind = request.get("kind");
        if (kind == null || !kind.isObject()) {
            throw new InvalidAdmissionRequestException("request.kind: must be an object");
        }
        String group = text(kind, "group", "request.kind.", false);
        String kindName = text(kind, "kind", "request.kind.", true);
        String operation = text(request, "operation", "request.", true);
        if (!operation.matches("CREATE|UPDATE|DELETE|CONNECT")) {
            throw new InvalidAdmissionRequestException("request.operation: must be CREATE, UPDATE, DELETE or CONNECT");
        }
        JsonNode object = request.get("object");
        Optional<JsonNode> objectValue = Optional.empty();
        if (object != null && !object.isNull()) {
            if (!object.isObject()) {
                throw new InvalidAdmissionRequestException("request.object: must be an object");
            }
            objectValue = Optional.of(object);
        }
        JsonNode dryRun = request.get("dryRun");
        if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new InvalidAdmissionRequestException("request.dryRun: must be a boolean");
        }
        JsonNode userInfo = request.get("userInfo");
        String username = userInfo != null && userInfo.isObject() ? text(userInfo, "username", "request.userInfo.",
                false) : "";
        return new AdmissionRequest(uid, group, kindName, text(request, "subResource", "request.", false),
                text(request, "namespace", "request.", false), text(request, "name", "request.", false), operation,
                dryRun != null && dryRun.asBoolean(false), objectValue, username);
    }

    /** The UID of a body that may be invalid otherwise, so that a refusal can still answer the request it refuses. */
    public static Optional<String> uidOf(byte[] body) {
        try {
            JsonNode uid = AdmissionJson.MAPPER.readTree(body).path("request").path("uid");
            return uid.isTextual() && !uid.asText().isEmpty() ? Optional.of(uid.asText()) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The response body: an {@code AdmissionReview} holding {@code response}. */
    public static byte[] write(AdmissionResponse response) {
        ObjectNode review = AdmissionJson.review(API_VERSION, "AdmissionReview");
        ObjectNode body = review.putObject("response");
        body.put("uid", response.uid());
        body.put("allowed", response.allowed());
        if (!response.allowed()) {
            ObjectNode status = body.putObject("status");
            status.put("code", response.code());
            status.put("reason", response.code() == 403 ? "Forbidden" : "BadRequest");
            status.put("message", response.message());
        }
        if (!response.warnings().isEmpty()) {
            ArrayNode warnings = body.putArray("warnings");
            response.warnings().forEach(warnings::add);
        }
        if (!response.auditAnnotations().isEmpty()) {
            ObjectNode annotations = body.putObject("auditAnnotations");
            response.auditAnnotations().forEach(annotations::put);
        }
        if (response.allowed() && !response.patch().isEmpty()) {
            ArrayNode patch = AdmissionJson.MAPPER.createArrayNode();
            for (ImageSite.Replacement replacement : response.patch()) {
                patch.addObject().put("op", "test").put("path", replacement.site().pointer())
                        .put("value", replacement.site().image());
                patch.addObject().put("op", "replace").put("path", replacement.site().pointer())
                        .put("value", replacement.image());
            }
            body.put("patchType", "JSONPatch");
            body.put("patch", Base64.getEncoder().encodeToString(AdmissionJson.bytes(patch)));
        }
        return AdmissionJson.bytes(review);
    }

    private static void requireText(JsonNode node, String field, String at, String expected)
            throws InvalidAdmissionRequestException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || !value.asText().equals(expected)) {
            throw new InvalidAdmissionRequestException(at + field + ": must be " + expected);
        }
    }

    private static String text(JsonNode node, String field, String at, boolean required)
            throws InvalidAdmissionRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidAdmissionRequestException(at + field + ": is required");
            }
            return "";
        }
        if (!value.isTextual() || (required && value.asText().isEmpty())) {
            throw new InvalidAdmissionRequestException(at + field + ": must be a " + (required ? "non-empty " : "")
                    + "string");
        }
        return value.asText();
    }
}
