package dev.vouch.gate;

import java.util.Locale;

/**
 * Why an import reached no verdict, as far as retrying, alerting and metrics are concerned. A closed set, so that it
 * can label a metric.
 */
public enum FailureKind {
    /**
     * No answer from the registry (or a signature server): connection refused or reset, a timeout, an unknown host, a
     * failed TLS handshake.
     */
    UNREACHABLE,
    /** The registry answered 429 Too Many Requests (after the client's own retries). */
    THROTTLED,
    /** The registry answered with a 5xx status (after the client's own retries). */
    SERVER_ERROR,
    /** The registry or its token server refused the credentials, or demanded some (401, 403). */
    UNAUTHORIZED,
    /** The tag does not exist in the registry. */
    NOT_FOUND,
    /** The outcome could not be recorded in the state store. */
    STORE,
    /** Anything else: an invalid answer, a lookaside store, a local layout, the image changing while read. */
    OTHER;

    /** The lower-case name, for logs and metric labels ({@code server_error}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
