package dev.vouch.verify;

import dev.vouch.image.dir.DirReference;
import dev.vouch.image.docker.DockerTransport;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.DockerNaming;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Test only: a {@code dir:} image evaluated as if it were the {@code docker} image {@code identity} (policy scopes
 * and identity matching use the Docker reference, reading uses the directory), as the containers/image tests do
 * with their published {@code dir-img-*} fixtures. A name-only identity is its own policy identity.
 */
final class DirAsDockerImage implements TransportReference {
    private final DirReference dir;
    private final ImageReference identity;

    DirAsDockerImage(Path directory, String identity) {
        this.dir = DirReference.of(directory.toString());
        this.identity = ImageReference.parse(identity);
    }

    @Override
    public ImageTransport transport() {
        return DockerTransport.INSTANCE;
    }

    @Override
    public String stringWithinTransport() {
        return "//" + identity;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.of(identity);
    }

    @Override
    public String policyConfigurationIdentity() {
        return identity.isNameOnly() ? identity.name() : DockerNaming.identity(identity);
    }

    @Override
    public List<String> policyConfigurationNamespaces() {
        return DockerNaming.namespaces(identity);
    }

    @Override
    public ImageSource newImageSource(SourceContext context) throws IOException {
        ImageSource source = dir.newImageSource(context);
        DirAsDockerImage self = this;
        return new ImageSource() {
            @Override
            public TransportReference reference() {
                return self;
            }

            @Override
            public UntrustedManifest manifest() throws IOException {
                return source.manifest();
            }

            @Override
            public List<UntrustedSignature> signatures() throws IOException {
                return source.signatures();
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }
}
