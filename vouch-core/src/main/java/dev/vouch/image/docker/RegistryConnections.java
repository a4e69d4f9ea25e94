package dev.vouch.image.docker;

import dev.vouch.reference.ImageReference;
import dev.vouch.registry.HttpRegistryClient;
import dev.vouch.registry.RegistryClientOptions;
import dev.vouch.registry.auth.CredentialLookup;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.CertsDirectories;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.registriesd.HttpLookaside;
import dev.vouch.transport.SharedResources;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Turns a {@link SourceContext} into what reaching one registry needs: credentials ({@code --creds}, else the
 * credentials files), TLS (certs.d, {@code --tls-verify}). When the context has {@link SharedResources}, the TLS
 * settings, the credentials found for a repository, the registry client (per registry, credentials and TLS
 * settings: connections and tokens reused) and the HTTP lookaside reader are kept there and reused.
 */
final class RegistryConnections {
    private final SSLContext sslContext;
    private final RegistryClientOptions options;
    private final Optional<SharedResources> shared;
    private final List<Object> tlsKey;

    private RegistryConnections(SSLContext sslContext, RegistryClientOptions options,
                                Optional<SharedResources> shared, List<Object> tlsKey) {
        this.sslContext = sslContext;
        this.options = options;
        this.shared = shared;
        this.tlsKey = tlsKey;
    }

    static RegistryConnections forImage(ImageReference reference, SourceContext context,
                                        Map<String, String> environment) throws IOException {
        if (context.shared().isEmpty()) {
            return create(reference, context, environment);
        }
        SharedResources shared = context.shared().get();
        boolean verify = context.tlsVerify().orElse(true);
        List<Object> tlsKey = List.of("registry-tls", reference.domain(), context.certDirectory(),
                context.homeDirectory(), verify);
        SSLContext ssl = shared.get(tlsKey, SSLContext.class, () -> sslContext(reference, context));
        @SuppressWarnings("unchecked")
        Optional<Credentials> credentials = shared.get(List.of("registry-credentials",
                reference.repository().toString(), context), Optional.class,
                () -> credentials(reference, context, environment));
        RegistryClientOptions options = RegistryClientOptions.of(ssl).withCredentials(credentials)
                .withInsecure(!verify);
        return new RegistryConnections(ssl, options, Optional.of(shared), tlsKey);
    }

    private static RegistryConnections create(ImageReference reference, SourceContext context,
                                              Map<String, String> environment) throws IOException {
        SSLContext ssl = sslContext(reference, context);
        RegistryClientOptions options = RegistryClientOptions.of(ssl)
                .withCredentials(credentials(reference, context, environment))
                .withInsecure(!context.tlsVerify().orElse(true));
        return new RegistryConnections(ssl, options, Optional.empty(), List.of());
    }

    private static Optional<Credentials> credentials(ImageReference reference, SourceContext context,
                                                     Map<String, String> environment) throws IOException {
        Optional<Credentials> credentials;
        if (context.credentials().isPresent()) {
            try {
                credentials = Optional.of(Credentials.parse(context.credentials().get()));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        } else {
            credentials = CredentialLookup.find(reference, context.authFile(), context.homeDirectory(),
                    environment);
        }
        return credentials;
    }

    private static SSLContext sslContext(ImageReference reference, SourceContext context) throws IOException {
        Optional<Path> certs = CertsDirectories.forRegistry(reference.domain(), context.certDirectory(),
                context.homeDirectory());
        return RegistryTls.context(certs, context.tlsVerify().orElse(true));
    }

    /** A client of {@code registry}: a shared one if the context shares resources, else a new one. */
    HttpRegistryClient client(String registry) throws IOException {
        if (shared.isEmpty()) {
            return HttpRegistryClient.create(registry, options);
        }
        return shared.get().get(List.of("registry-client", registry, options.credentials(), tlsKey),
                HttpRegistryClient.class, () -> HttpRegistryClient.create(registry, options));
    }

    /** Whether {@link #client} returns a client owned by the shared resources (which close it). */
    boolean sharesClients() {
        return shared.isPresent();
    }

    /** The reader of {@code http(s)} lookaside stores, with this registry's TLS settings. */
    HttpLookaside httpLookaside() {
        if (shared.isEmpty()) {
            return HttpLookaside.create(sslContext);
        }
        try {
            return shared.get().get(List.of("http-lookaside", tlsKey), HttpLookaside.class,
                    () -> HttpLookaside.create(sslContext));
        } catch (IOException e) {
            throw new IllegalStateException("creating an HTTP client cannot fail", e);
        }
    }
}
