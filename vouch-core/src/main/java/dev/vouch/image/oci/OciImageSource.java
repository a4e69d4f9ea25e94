package dev.vouch.image.oci;

import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.util.List;

/**
 * An image read from an OCI layout. The manifest is read and checked against its descriptor when the source is
 * opened. OCI layouts carry no signatures (as in containers/image), so the list of signatures is always empty.
 */
public final class OciImageSource implements ImageSource {
    private final TransportReference reference;
    private final UntrustedManifest manifest;
    private final Runnable onClose;

    OciImageSource(TransportReference reference, UntrustedManifest manifest) {
        this(reference, manifest, () -> { });
    }

    /** A source for {@code reference} whose {@link #close} also runs {@code onClose} (e.g. deleting a temporary copy). */
    public OciImageSource(TransportReference reference, UntrustedManifest manifest, Runnable onClose) {
        this.reference = reference;
        this.manifest = manifest;
        this.onClose = onClose;
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public UntrustedManifest manifest() {
        return manifest;
    }

    @Override
    public List<UntrustedSignature> signatures() {
        return List.of();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
