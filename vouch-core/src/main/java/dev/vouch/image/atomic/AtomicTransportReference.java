package dev.vouch.image.atomic;

import dev.vouch.reference.ImageReference;
import dev.vouch.transport.DockerNaming;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An image stream tag: {@code HOST[:PORT]/NAMESPACE/STREAM:TAG}. Its policy identity, scopes and Docker identity are
 * those of the same Docker reference, as in containers/image.
 */
public final class AtomicTransportReference implements TransportReference {
    private final ImageReference reference;
    private final String namespace;
    private final String stream;

    AtomicTransportReference(ImageReference reference, String namespace, String stream) {
        this.reference = reference;
        this.namespace = namespace;
        this.stream = stream;
    }

    /** The project (Kubernetes namespace) of the image stream. */
    public String namespace() {
        return namespace;
    }

    /** The image stream's name. */
    public String stream() {
        return stream;
    }

    /** The tag within the image stream. */
    public String tag() {
        return reference.tag().orElseThrow();
    }

    @Override
    public ImageTransport transport() {
        return AtomicTransport.INSTANCE;
    }

    @Override
    public String stringWithinTransport() {
        return reference.familiarString();
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.of(reference);
    }

    @Override
    public String policyConfigurationIdentity() {
        return DockerNaming.identity(reference);
    }

    @Override
    public List<String> policyConfigurationNamespaces() {
        return DockerNaming.namespaces(reference);
    }

    /**
     * Opens the image: reads the kubeconfig ({@code $KUBECONFIG}, else {@code ~/.kube/config}) to find the OpenShift
     * API server; the manifest comes from the registry at this reference's host, the signatures from the API.
     */
    @Override
    public ImageSource newImageSource(SourceContext context) throws IOException {
        OpenShiftApiClient api;
        try {
            api = OpenShiftApiClient.create(KubeConfig.load(System.getenv(), context.homeDirectory()));
        } catch (IOException e) {
            throw new IOException("reading " + displayName() + ": " + e.getMessage(), e);
        }
        return new AtomicImageSource(this, api, context);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AtomicTransportReference that && reference.equals(that.reference);
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
