package dev.vouch.admission;

import dev.vouch.registry.RegistryAuthenticationException;
import dev.vouch.registry.RegistryResponseException;
import java.net.http.HttpTimeoutException;

/** The {@link FailureClass} of an error on the way to a verdict, read from the exception and its causes. */
final class RegistryFailures {
    private static final int MAX_DEPTH = 16;

    private RegistryFailures() {
    }

    static FailureClass classOf(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof RegistryAuthenticationException) {
                return FailureClass.UNAUTHORIZED;
            }
            if (cause instanceof RegistryResponseException response) {
                int status = response.statusCode();
                if (status == 429) {
                    return FailureClass.RATE_LIMITED;
                }
                if (status == 401 || status == 403) {
                    return FailureClass.UNAUTHORIZED;
                }
                if (status == 404) {
                    return FailureClass.NOT_FOUND;
                }
                return status >= 500 ? FailureClass.UNREACHABLE : FailureClass.COULD_NOT_VERIFY;
            }
            if (cause instanceof HttpTimeoutException || cause instanceof java.net.ConnectException
                    || cause instanceof java.net.UnknownHostException) {
                return FailureClass.UNREACHABLE;
            }
        }
        return FailureClass.COULD_NOT_VERIFY;
    }
}
