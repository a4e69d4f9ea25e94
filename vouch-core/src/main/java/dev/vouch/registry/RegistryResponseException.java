package dev.vouch.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry answered with a status code that the request does not allow, after any retries the
 * {@link RetryPolicy} allowed.
 */
public final class RegistryResponseException extends RegistryException {
    private final int statusCode;
    private final Optional<Duration> retryAfter;

    public RegistryResponseException(String registry, String repository, String message, int statusCode) {
        this(registry, repository, message, statusCode, Optional.empty());
    }

    /**
     * @param retryAfter how long the registry asked to wait before the next request ({@code Retry-After} of the
     *     last answer, as a delay from when it was received), if it said
     */
    public RegistryResponseException(String registry, String repository, String message, int statusCode,
                                     Optional<Duration> retryAfter) {
        super(registry, repository, message);
        this.statusCode = statusCode;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public int statusCode() {
        return statusCode;
    }

    /** The last answer's {@code Retry-After} as a delay (never negative), if it had a valid one. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
