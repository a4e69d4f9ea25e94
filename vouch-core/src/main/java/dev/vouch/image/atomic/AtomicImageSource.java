package dev.vouch.image.atomic;

import dev.vouch.image.docker.DockerTransport;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image stream tag as containers/image does: the image stream's newest event for the tag gives the image
 * (a digest) and the registry location OpenShift recorded for it, whose host (a cluster-internal address) is
 * replaced by this reference's host; the manifest is read from there through the {@code docker} transport (with the
 * same credentials and TLS settings), and the signatures are the {@code atomic} entries of the image object in the
 * OpenShift API ({@code imagestreamimages}), not the registry's signature extension or a lookaside store.
 */
final class AtomicImageSource implements ImageSource {
    private final AtomicTransportReference reference;
    private final OpenShiftApiClient api;
    private final SourceContext context;
    private OpenShiftApiClient.TagEvent event;
    private ImageSource registry;
    private List<String> signatureOrigins = List.of();

    AtomicImageSource(AtomicTransportReference reference, OpenShiftApiClient api, SourceContext context) {
        this.reference = reference;
        this.api = api;
        this.context = context;
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public synchronized UntrustedManifest manifest() throws IOException {
        resolve();
        return registry.manifest();
    }

    @Override
    public synchronized List<UntrustedSignature> signatures() throws IOException {
        resolve();
        List<byte[]> contents;
        try {
            contents = api.atomicSignatures(reference.namespace(), reference.stream(), event.image());
        } catch (IOException e) {
            throw new IOException("reading signatures of " + reference.displayName() + ": " + e.getMessage(), e);
        }
        List<UntrustedSignature> signatures = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        String origin = "OpenShift API " + api.imageUrl(reference.namespace(), reference.stream(), event.image());
        for (byte[] content : contents) {
            signatures.add(new UntrustedSimpleSignature(content));
            origins.add(origin);
        }
        signatureOrigins = List.copyOf(origins);
        return signatures;
    }

    @Override
    public synchronized List<String> signatureOrigins() {
        return signatureOrigins;
    }

    /** Looks the tag up once, and opens the registry image it names. */
    private void resolve() throws IOException {
        if (registry != null) {
            return;
        }
        try {
            event = api.resolveTag(reference.namespace(), reference.stream(), reference.tag());
            String recorded = event.dockerImageReference();
            int slash = recorded.indexOf('/');
            if (slash < 0) {
                throw new IOException("invalid format of docker reference " + recorded + ": missing '/'");
            }
            String location = reference.dockerReference().orElseThrow().domain() + recorded.substring(slash);
            TransportReference image;
            try {
                image = DockerTransport.INSTANCE.parseReference("//" + location);
            } catch (InvalidReferenceException e) {
                throw new IOException("the image stream records an invalid image location " + recorded + ": "
                        + e.getMessage(), e);
            }
            registry = image.newImageSource(context);
        } catch (IOException e) {
            throw new IOException("reading " + reference.displayName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
