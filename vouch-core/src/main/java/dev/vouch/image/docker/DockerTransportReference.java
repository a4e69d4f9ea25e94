package dev.vouch.image.docker;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.DockerNaming;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** An image in a registry, with exactly one of tag and digest. */
public final class DockerTransportReference implements TransportReference {
    private final ImageReference reference;
    private final String policyIdentity;
    private final List<String> policyNamespaces;

    private DockerTransportReference(ImageReference reference) {
        this.reference = reference;
        this.policyIdentity = DockerNaming.identity(reference);
        this.policyNamespaces = List.copyOf(DockerNaming.namespaces(reference));
    }

    /** A reference to {@code reference}, which must carry exactly one of tag and digest. */
    public static DockerTransportReference of(ImageReference reference) {
        if (reference.isNameOnly()) {
            throw new InvalidReferenceException("docker reference " + reference + " has neither a tag nor a digest");
        }
        if (reference.tag().isPresent() && reference.digest().isPresent()) {
            throw new InvalidReferenceException("docker reference " + reference
                    + " has both a tag and a digest; name the image by one of them");
        }
        return new DockerTransportReference(reference);
    }

    @Override
    public ImageTransport transport() {
        return DockerTransport.INSTANCE;
    }

    @Override
    public String stringWithinTransport() {
        return "//" + reference.familiarString();
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.of(reference);
    }

    @Override
    public String policyConfigurationIdentity() {
        return policyIdentity;
    }

    @Override
    public List<String> policyConfigurationNamespaces() {
        return policyNamespaces;
    }

    @Override
    public ImageSource newImageSource(SourceContext context) throws IOException {
        RegistryConnections connections = connections(context, "reading ");
        return new DockerImageSource(this, connections.client(reference.domain()), !connections.sharesClients(),
                context, connections::httpLookaside);
    }

    @Override
    public ImageDestination newImageDestination(SourceContext context) throws IOException {
        RegistryConnections connections = connections(context, "writing to ");
        return new DockerImageDestination(this, connections.client(reference.domain()), context);
    }

    private RegistryConnections connections(SourceContext context, String doing) throws IOException {
        try {
            return RegistryConnections.forImage(reference, context, System.getenv());
        } catch (IOException e) {
            throw new IOException(doing + displayName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DockerTransportReference that && reference.equals(that.reference);
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
