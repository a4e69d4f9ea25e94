package dev.vouch.image.docker;

import dev.vouch.reference.ImageReference;
import dev.vouch.registry.HttpRegistryClient;
import dev.vouch.registry.RegistryClientOptions;
import dev.vouch.registry.auth.CredentialLookup;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.CertsDirectories;
import dev.vouch.registry.tls.SharedTls;
import dev.vouch.registriesd.HttpLookaside;
import dev.vouch.transport.SharedResources;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link SourceContext} into what reaching one registry needs: credentials ({@code --creds}, else the
 * credentials files), TLS (certs.d, {@code --tls-verify}). The JDK HTTP clients, and with them kept-alive
 * connections, are those of the process's {@link SharedTls} setting, shared by every connection with the same TLS
 * setting. When the context has {@link SharedResources}, the TLS setting, the credentials found for a repository and
 * the registry client (per registry, credentials and TLS setting: its ping and tokens reused) are kept there too.
 */
final class RegistryConnections {
    private final SharedTls tls;
    private final RegistryClientOptions options;
    private final Optional<SharedResources> shared;
    private final List<Object> tlsKey;

    private RegistryConnections(SharedTls tls, RegistryClientOptions options,
                                Optional<SharedResources> shared, List<Object> tlsKey) {
        this.tls = tls;
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
        SharedTls tls = shared.get(tlsKey, SharedTls.class, () -> tls(reference, context));
        @SuppressWarnings("unchecked")
        Optional<Credentials> credentials = shared.get(List.of("registry-credentials",
                reference.repository().toString(), context), Optional.class,
                () -> credentials(reference, context, environment));
        RegistryClientOptions options = RegistryClientOptions.of(tls.sslContext()).withCredentials(credentials)
                .withInsecure(!verify);
        return new RegistryConnections(tls, options, Optional.of(shared), tlsKey);
    }

    private static RegistryConnections create(ImageReference reference, SourceContext context,
                                              Map<String, String> environment) throws IOException {
        SharedTls tls = tls(reference, context);
        RegistryClientOptions options = RegistryClientOptions.of(tls.sslContext())
                .withCredentials(credentials(reference, context, environment))
                .withInsecure(!context.tlsVerify().orElse(true));
        return new RegistryConnections(tls, options, Optional.empty(), List.of());
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

    private static SharedTls tls(ImageReference reference, SourceContext context) throws IOException {
        Optional<Path> certs = CertsDirectories.forRegistry(reference.domain(), context.certDirectory(),
                context.homeDirectory());
        return SharedTls.of(certs, context.tlsVerify().orElse(true));
    }

    /**
     * A client of {@code registry}: a shared one if the context shares resources, else a new one (with its own ping
     * and tokens, over the setting's shared connections).
     */
    HttpRegistryClient client(String registry) throws IOException {
        if (shared.isEmpty()) {
            return newClient(registry);
        }
        return shared.get().get(List.of("registry-client", registry, options.credentials(), tlsKey),
                HttpRegistryClient.class, () -> newClient(registry));
    }

    private HttpRegistryClient newClient(String registry) {
        return HttpRegistryClient.create(registry, options, tls);
    }

    /** Whether {@link #client} returns a client owned by the shared resources (which close it). */
    boolean sharesClients() {
        return shared.isPresent();
    }

    /** The reader of {@code http(s)} lookaside stores, with this registry's TLS setting. */
    HttpLookaside httpLookaside() {
        return HttpLookaside.create(tls);
    }
}
