package dev.vouch.image.docker;

import dev.vouch.reference.ImageReference;
import dev.vouch.registry.HttpRegistryClient;
import dev.vouch.registry.RegistryClientOptions;
import dev.vouch.registry.auth.CredentialLookup;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.CertsDirectories;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Turns a {@link SourceContext} into what reaching one registry needs: credentials ({@code --creds}, else the
 * credentials files), TLS (certs.d, {@code --tls-verify}).
 */
final class RegistryConnections {
    private final SSLContext sslContext;
    private final RegistryClientOptions options;

    private RegistryConnections(SSLContext sslContext, RegistryClientOptions options) {
        this.sslContext = sslContext;
        this.options = options;
    }

    static RegistryConnections forImage(ImageReference reference, SourceContext context,
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
        boolean verify = context.tlsVerify().orElse(true);
        Optional<Path> certs = CertsDirectories.forRegistry(reference.domain(), context.certDirectory(),
                context.homeDirectory());
        SSLContext ssl = RegistryTls.context(certs, verify);
        RegistryClientOptions options = RegistryClientOptions.of(ssl).withCredentials(credentials)
                .withInsecure(!verify);
        return new RegistryConnections(ssl, options);
    }

    HttpRegistryClient client(String registry) {
        return HttpRegistryClient.create(registry, options);
    }

    SSLContext sslContext() {
        return sslContext;
    }
}
