package dev.vouch.admission;

/**
 * Why an image was refused, in the classes a person reading a denial needs to tell apart. Whether a result may be
 * remembered depends on it: a transient failure (the registry unreachable, throttling, a timeout) is never cached, so
 * the next request tries again.
 */
public enum FailureClass {
    /** The reference cannot be parsed. */
    INVALID_REFERENCE("invalid image reference", false),
    /** The policy rejects the image outright ({@code reject}, or no requirement could be met for another reason). */
    REJECTED_BY_POLICY("rejected by policy", false),
    /** The policy requires a signature and the image has none. */
    NO_SIGNATURE("no signature", false),
    /** Signatures exist, but none is by a trusted key. */
    WRONG_KEY("not signed by a trusted key", false),
    /** A trusted signature names another image. */
    IDENTITY_MISMATCH("signature identity does not match", false),
    /** A trusted signature is for another manifest digest. */
    DIGEST_MISMATCH("signature is for another digest", false),
    /** The registry has no such image. */
    NOT_FOUND("image not found", false),
    /** The registry refused the credentials (401/403). */
    UNAUTHORIZED("registry refused the credentials", true),
    /** The registry throttled vouch (429). */
    RATE_LIMITED("registry rate limit", true),
    /** The registry or a signature store could not be reached, or answered with a server error. */
    UNREACHABLE("registry unreachable", true),
    /** The check did not complete before the API server's deadline. */
    TIMEOUT("timed out", true),
    /** Any other error on the way to a verdict. */
    COULD_NOT_VERIFY("could not verify", true);

    private final String text;
    private final boolean transientFailure;

    FailureClass(String text, boolean transientFailure) {
        this.text = text;
        this.transientFailure = transientFailure;
    }

    /** The words a denial uses, e.g. {@code no signature}. */
    public String text() {
        return text;
    }

    /** Whether trying again may succeed without anything changing in the image or the policy. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
