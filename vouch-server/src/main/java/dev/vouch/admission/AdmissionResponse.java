package dev.vouch.admission;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one {@code AdmissionReview}.
 *
 * @param uid the request's UID
 * @param allowed whether the object is admitted
 * @param code the HTTP status given with a denial: 403 for a refused image, 400 for a request vouch cannot read
 * @param message why it was denied (empty when allowed); one image per line
 * @param warnings shown to the user by kubectl (the {@code warn} mode, and allowed images worth a remark)
 * @param auditAnnotations recorded in the API server's audit log (keys without the webhook prefix)
 * @param patch images to replace by the digest that was checked (mutating webhook only; only when allowed)
 */
public record AdmissionResponse(String uid, boolean allowed, int code, String message, List<String> warnings,
                                Map<String, String> auditAnnotations, List<ImageSite.Replacement> patch) {
    public AdmissionResponse {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(message, "message");
        warnings = List.copyOf(warnings);
        auditAnnotations = Map.copyOf(auditAnnotations);
        patch = List.copyOf(patch);
        if (!allowed && (code < 400 || code > 599 || message.isEmpty())) {
            throw new IllegalArgumentException("a denial needs an error code and a message");
        }
    }

    /** Allowed, with nothing to say. */
    public static AdmissionResponse allow(String uid) {
        return new AdmissionResponse(uid, true, 200, "", List.of(), Map.of(), List.of());
    }

    /** Denied: the request cannot be read or answered (400). */
    public static AdmissionResponse badRequest(String uid, String message) {
        return new AdmissionResponse(uid, false, 400, message, List.of(), Map.of(), List.of());
    }
}
