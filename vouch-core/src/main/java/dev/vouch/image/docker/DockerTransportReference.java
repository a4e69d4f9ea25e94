package dev.vouch.image.docker;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.registry.RegistryClient;
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
        return open(context, Optional.empty());
    }

    /**
     * Opens this tagged image as it is at {@code manifestDigest}: the manifest is read by that digest (and checked to
     * hash to it), the signatures are those stored for that digest, and the tag stays the identity the policy checks
     * them against. Verifying through such a source decides on exactly {@code manifestDigest}, even if the tag moves
     * meanwhile.
     */
    public ImageSource newImageSourceAt(SourceContext context, Digest manifestDigest) throws IOException {
        if (reference.tag().isEmpty()) {
            throw new IllegalStateException(displayName() + " has no tag to pin to a digest");
        }
        return open(context, Optional.of(manifestDigest));
    }

    /** A client for this image's registry, with the credentials and TLS settings {@code context} gives for it. */
    public RegistryClient newRegistryClient(SourceContext context) throws IOException {
        return connections(context, "reading ").client(reference.domain());
    }

    private ImageSource open(SourceContext context, Optional<Digest> pinnedDigest) throws IOException {
        RegistryConnections connections = connections(context, "reading ");
        return new DockerImageSource(this, connections.client(reference.domain()), !connections.sharesClients(),
                context, connections::httpLookaside, pinnedDigest);
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
