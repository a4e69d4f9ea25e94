package dev.vouch.registry;

import dev.vouch.registry.auth.Credentials;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How one registry is reached.
 *
 * @param credentials the user and password for the registry (basic auth, or for its token server); empty for
 *     anonymous access
 * @param sslContext the TLS trust and client keys for the registry
 * @param insecure whether plain HTTP may be used when HTTPS fails (and {@code sslContext} then normally skips
 *     certificate verification), as {@code --tls-verify=false} does
 * @param connectTimeout the TCP/TLS connect timeout
 * @param requestTimeout the longest wait for one response's headers
 * @param retries the retry policy for 429 and 5xx answers
 */
public record RegistryClientOptions(Optional<Credentials> credentials, SSLContext sslContext, boolean insecure,
                                    Duration connectTimeout, Duration requestTimeout, RetryPolicy retries) {

    public RegistryClientOptions {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retries, "retries");
    }

    /** Anonymous, verified TLS with {@code sslContext}, 30 s timeouts, default retries. */
    public static RegistryClientOptions of(SSLContext sslContext) {
        return new RegistryClientOptions(Optional.empty(), sslContext, false, Duration.ofSeconds(30),
                Duration.ofSeconds(60), RetryPolicy.DEFAULT);
    }

    public RegistryClientOptions withCredentials(Optional<Credentials> newCredentials) {
        return new RegistryClientOptions(newCredentials, sslContext, insecure, connectTimeout, requestTimeout, retries);
    }

    public RegistryClientOptions withInsecure(boolean newInsecure) {
        return new RegistryClientOptions(credentials, sslContext, newInsecure, connectTimeout, requestTimeout, retries);
    }

    public RegistryClientOptions withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
        return new RegistryClientOptions(credentials, sslContext, insecure, newConnectTimeout, newRequestTimeout,
                retries);
    }

    public RegistryClientOptions withRetries(RetryPolicy newRetries) {
        return new RegistryClientOptions(credentials, sslContext, insecure, connectTimeout, requestTimeout,
                newRetries);
    }

    @Override
    public String toString() {
        return "RegistryClientOptions[credentials=" + (credentials.isPresent() ? "<redacted>" : "none")
                + ", insecure=" + insecure + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", retries=" + retries + "]";
    }
}
