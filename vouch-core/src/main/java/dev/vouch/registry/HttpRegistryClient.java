package dev.vouch.registry;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.tls.SharedTls;
import dev.vouch.transport.UntrustedManifest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RegistryClient} over HTTP(S) with the JDK's {@link HttpClient} (connections kept alive and reused).
 *
 * <p>The first request pings {@code /v2/} over HTTPS (200 and 401 are success); only if that fails in any way and the
 * options are {@code insecure} is plain HTTP tried, as containers/image does. The ping's {@code WWW-Authenticate} challenge selects the
 * authentication: none, {@code Basic} with the credentials, or {@code Bearer} tokens from the realm, one per
 * repository pull scope, reused until they expire (or the registry refuses one, which is then fetched again once).
 */
public final class HttpRegistryClient implements RegistryClient {
    /** The HTTP client follows no redirect: this client does, never sending credentials to another host. */
    private static final HttpClient.Redirect REDIRECTS = HttpClient.Redirect.NEVER;

    private final String registry;
    private final RegistryClientOptions options;
    private final HttpExchanges exchanges;
    private final TokenEndpoint tokenEndpoint;
    private final Clock clock;
    private final Map<String, BearerToken> tokens = new HashMap<>();
    private URI base;
    private List<AuthChallenge> challenges = List.of();
    private boolean supportsSignatures;

    private HttpRegistryClient(String registry, RegistryClientOptions options, HttpClient http, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.exchanges = new HttpExchanges(http, registry, options.retries(), options.requestTimeout(), clock);
        this.tokenEndpoint = new TokenEndpoint(exchanges, registry, options.credentials(), clock);
    }

    /** A client for {@code registry} (a host with optional port, as in image names: {@code docker.io}). */
    public static HttpRegistryClient create(String registry, RegistryClientOptions options) {
        return new HttpRegistryClient(registry, options, ownHttpClient(options), Clock.systemUTC());
    }

    /**
     * A client for {@code registry} whose requests go through {@code tls}'s shared HTTP client for registries (its
     * connections are reused by every registry client of that setting; credentials and tokens stay this client's).
     * {@code options} must use {@code tls}' SSL context.
     */
    public static HttpRegistryClient create(String registry, RegistryClientOptions options, SharedTls tls) {
        if (tls.sslContext() != options.sslContext()) {
            throw new IllegalArgumentException("the options must use the SSL context of the shared TLS setting");
        }
        return new HttpRegistryClient(registry, options, tls.httpClient(REDIRECTS, options.connectTimeout()),
                Clock.systemUTC());
    }

    static HttpRegistryClient create(String registry, RegistryClientOptions options, Clock clock) {
        return new HttpRegistryClient(registry, options, ownHttpClient(options), clock);
    }

    private static HttpClient ownHttpClient(RegistryClientOptions options) {
        return HttpClient.newBuilder().followRedirects(REDIRECTS)
                .connectTimeout(options.connectTimeout()).sslContext(options.sslContext()).build();
    }

    @Override
    public String registry() {
        return registry;
    }

    @Override
    public synchronized void ping() throws RegistryException {
        if (base != null) {
            return;
        }
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        URI https = URI.create("https://" + host + "/v2/");
        try {
            pingAt(https);
        } catch (RegistryException httpsFailure) {
            if (!options.insecure()) {
                throw httpsFailure;
            }
            try {
                pingAt(URI.create("http://" + host + "/v2/"));
            } catch (RegistryException httpFailure) {
                httpFailure.addSuppressed(httpsFailure);
                throw httpFailure;
            }
        }
    }

    @Override
    public synchronized void checkCredentials() throws RegistryException {
        ping();
        Optional<AuthChallenge> challenge = supportedChallenge();
        if (challenge.isEmpty()) {
            return;
        }
        Optional<String> authorization;
        if (challenge.get().scheme().equals("basic")) {
            authorization = authorization("", false);
        } else {
            authorization = Optional.of("Bearer " + tokenEndpoint.fetch(challenge.get(), "", "").value());
        }
        if (authorization.isEmpty()) {
            throw new RegistryAuthenticationException(registry, null, "the registry asks for credentials and none"
                    + " were given");
        }
        HttpResponse<InputStream> response = exchanges.send("GET", base.resolve("/v2/"), Map.of(), authorization,
                null);
        HttpExchanges.closeQuietly(response);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryAuthenticationException(registry, null, "invalid username or password (status "
                    + status + ")");
        }
        if (status != 200) {
            throw new RegistryResponseException(registry, null, "checking the credentials gave status " + status,
                    status);
        }
    }

    private void pingAt(URI uri) throws RegistryException {
        HttpResponse<InputStream> response = exchanges.send("GET", uri, Map.of(), Optional.empty(), null);
        HttpExchanges.closeQuietly(response);
        int status = response.statusCode();
        if (status != 200 && status != 401) {
            throw new RegistryResponseException(registry, null, "pinging the registry at " + uri
                    + " gave status " + status + "; expected 200 or 401", status, exchanges.retryAfter(response));
        }
        List<AuthChallenge> parsed = new ArrayList<>();
        if (status == 401) {
            for (String header : response.headers().allValues("WWW-Authenticate")) {
                AuthChallenge.parse(header).ifPresent(parsed::add);
            }
        }
        challenges = List.copyOf(parsed);
        supportsSignatures = "1".equals(response.headers().firstValue(SignatureExtension.SUPPORT_HEADER).orElse(""));
        base = uri.resolve("/");
    }

    @Override
    public Optional<UntrustedManifest> manifest(ImageReference reference) throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("GET", reference);
        if (response.statusCode() == 404) {
            HttpExchanges.closeQuietly(response);
            return Optional.empty();
        }
        checkOk(response, reference, "fetching the manifest of ");
        return Optional.of(ManifestEndpoint.read(response, reference, registry));
    }

    @Override
    public Optional<Digest> manifestDigest(ImageReference reference) throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("HEAD", reference);
        HttpExchanges.closeQuietly(response);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        checkOk(response, reference, "asking for the digest of ");
        String header = response.headers().firstValue("Docker-Content-Digest").orElseThrow(() ->
                new RegistryException(registry, reference.path(), "the registry gave no Docker-Content-Digest for "
                        + reference));
        try {
            return Optional.of(Digest.parse(header.strip()));
        } catch (RuntimeException e) {
            throw new RegistryException(registry, reference.path(), "the registry gave an invalid digest for "
                    + reference + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized boolean supportsSignatureExtension() throws RegistryException {
        ping();
        return supportsSignatures;
    }

    @Override
    public byte[] blob(ImageReference repository, Digest digest, int maxBytes) throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("GET", repository, BlobEndpoint.path(repository, digest),
                Map.of());
        checkOk(response, repository.withDigest(digest), "fetching the blob of ");
        return BlobEndpoint.read(response, repository, digest, maxBytes, registry);
    }

    @Override
    public byte[] extensionSignatures(ImageReference repository, Digest manifestDigest) throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("GET", repository,
                SignatureExtension.path(repository, manifestDigest), Map.of());
        checkOk(response, repository.withDigest(manifestDigest), "downloading the signatures of ");
        return SignatureExtension.read(response, repository, manifestDigest, registry);
    }

    @Override
    public Optional<Long> blobSize(ImageReference repository, Digest digest) throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("HEAD", repository, BlobEndpoint.path(repository, digest),
                Map.of());
        HttpExchanges.closeQuietly(response);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        checkOk(response, repository.withDigest(digest), "checking for the blob ");
        return Optional.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public void putBlob(ImageReference repository, Digest digest, BlobContent content) throws RegistryException {
        BlobUpload.upload(this, repository, digest, content);
    }

    @Override
    public boolean mountBlob(ImageReference repository, Digest digest, ImageReference from)
            throws RegistryException {
        checkRegistry(from);
        return BlobUpload.mount(this, repository, digest, from);
    }

    @Override
    public long downloadBlob(ImageReference repository, Digest digest, Path target, long maxBytes)
            throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("GET", repository, BlobEndpoint.path(repository, digest),
                Map.of());
        checkOk(response, repository.withDigest(digest), "fetching the blob ");
        return BlobEndpoint.download(response, repository, digest, target, maxBytes, registry);
    }

    @Override
    public Digest putManifest(ImageReference reference, byte[] manifest, String mediaType) throws RegistryException {
        return ManifestEndpoint.put(this, reference, manifest, mediaType);
    }

    @Override
    public List<String> tags(ImageReference repository) throws RegistryException {
        return TagList.fetch(this, repository);
    }

    @Override
    public void putExtensionSignature(ImageReference repository, Digest manifestDigest, byte[] body)
            throws RegistryException {
        HttpResponse<InputStream> response = authorizedSend("PUT", repository,
                SignatureExtension.path(repository, manifestDigest), Map.of("Content-Type", "application/json"),
                RepositoryAccess.push(repository), Optional.of(HttpRequest.BodyPublishers.ofByteArray(body)));
        checkStatus(response, 201, repository.withDigest(manifestDigest), "uploading a signature of ");
        HttpExchanges.closeQuietly(response);
    }

    private HttpResponse<InputStream> authorizedSend(String method, ImageReference reference)
            throws RegistryException {
        return authorizedSend(method, reference, ManifestEndpoint.path(reference), ManifestEndpoint.headers());
    }

    private HttpResponse<InputStream> authorizedSend(String method, ImageReference reference, String path,
                                                     Map<String, String> headers) throws RegistryException {
        return authorizedSend(method, reference, path, headers, RepositoryAccess.pull(reference), Optional.empty());
    }

    HttpResponse<InputStream> authorizedSend(String method, ImageReference reference, String path,
                                             Map<String, String> headers, RepositoryAccess access,
                                             Optional<HttpRequest.BodyPublisher> body) throws RegistryException {
        checkRegistry(reference);
        ping();
        return authorizedSend(method, base.resolve(path), headers, access, body);
    }

    /**
     * Sends to {@code uri} (an upload location the registry gave, relative to it or absolute). Credentials and tokens
     * go only to the registry's own origin; a location elsewhere is sent to without them.
     */
    HttpResponse<InputStream> authorizedSend(String method, URI uri, Map<String, String> headers,
                                             RepositoryAccess access, Optional<HttpRequest.BodyPublisher> body)
            throws RegistryException {
        ping();
        boolean ownOrigin = HttpExchanges.sameOrigin(base, uri);
        String repository = access.repository();
        Optional<String> authorization = ownOrigin ? authorization(access, false) : Optional.empty();
        HttpResponse<InputStream> response = exchanges.send(method, uri, headers, authorization, repository, body);
        if (ownOrigin && response.statusCode() == 401 && bearer().isPresent()) {
            HttpExchanges.closeQuietly(response);
            authorization = authorization(access, true);
            response = exchanges.send(method, uri, headers, authorization, repository, body);
        }
        return response;
    }

    URI base() throws RegistryException {
        ping();
        return base;
    }

    private void checkRegistry(ImageReference reference) {
        if (!reference.domain().equals(registry)) {
            throw new IllegalArgumentException(reference + " is not in registry " + registry);
        }
    }

    private void checkOk(HttpResponse<InputStream> response, ImageReference reference, String what)
            throws RegistryException {
        checkStatus(response, 200, reference, what);
    }

    /**
     * Returns if {@code response} has status {@code expected}; otherwise closes it and throws, naming what was being
     * done ({@code what} is followed by the reference).
     */
    void checkStatus(HttpResponse<InputStream> response, int expected, ImageReference reference, String what)
            throws RegistryException {
        int status = response.statusCode();
        if (status == expected) {
            return;
        }
        String detail = ErrorBodies.summary(response);
        if (status == 401 || status == 403) {
            throw new RegistryAuthenticationException(registry, reference.path(), what + reference
                    + ": the registry refused access (status " + status + ")" + detail
                    + (options.credentials().isEmpty() ? "; no credentials were given" : "; check the credentials"));
        }
        throw new RegistryResponseException(registry, reference.path(), what + reference
                + ": the registry answered with status " + status + detail, status, exchanges.retryAfter(response));
    }

    private Optional<AuthChallenge> bearer() {
        return supportedChallenge().filter(c -> c.scheme().equals("bearer"));
    }

    private Optional<AuthChallenge> supportedChallenge() {
        return challenges.stream().filter(c -> c.scheme().equals("bearer") || c.scheme().equals("basic")).findFirst();
    }

    private Optional<String> authorization(String repository, boolean refresh) throws RegistryException {
        return authorization(RepositoryAccess.pull(repository), refresh);
    }

    /**
     * The {@code Authorization} header for {@code access}: basic credentials, or a Bearer token for its scopes. A
     * valid push token of the same repository serves pull requests too, as one token per destination does in
     * containers/image.
     */
    private synchronized Optional<String> authorization(RepositoryAccess access, boolean refresh)
            throws RegistryException {
        Optional<AuthChallenge> challenge = supportedChallenge();
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        if (challenge.get().scheme().equals("basic")) {
            return options.credentials().map(c -> "Basic " + Base64.getEncoder()
                    .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
        }
        String key = String.join(" ", access.scopes());
        BearerToken token = tokens.get(key);
        if (!refresh && (token == null || !token.validAt(clock.instant())) && !access.push()) {
            BearerToken pushToken = tokens.get(String.join(" ", RepositoryAccess.push(access.repository()).scopes()));
            if (pushToken != null && pushToken.validAt(clock.instant())) {
                token = pushToken;
            }
        }
        if (refresh || token == null || !token.validAt(clock.instant())) {
            token = tokenEndpoint.fetch(challenge.get(), access.scopes(), access.repository());
            tokens.put(key, token);
        }
        return Optional.of("Bearer " + token.value());
    }

    @Override
    public void close() {
        tokens.clear();
    }

    @Override
    public String toString() {
        return "HttpRegistryClient[" + registry + "]";
    }
}
