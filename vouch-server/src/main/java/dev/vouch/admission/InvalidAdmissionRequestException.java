package dev.vouch.admission;

/**
 * A request that is not a well-formed {@code AdmissionReview} or {@code ImageReview}, or an object whose images
 * cannot be read. The message is one line naming the field ({@code request.object.spec.containers[0].image: ...})
 * and never holds the request's content beyond field names and image references.
 */
public final class InvalidAdmissionRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidAdmissionRequestException(String message) {
        super(message);
    }
}
