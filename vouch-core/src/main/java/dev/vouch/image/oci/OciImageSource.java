package dev.vouch.image.oci;

import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An image read from an OCI layout. The manifest is read and checked against its descriptor when the source is
 * opened. OCI layouts carry no signatures (as in containers/image), so the list of signatures is always empty.
 */
public final class OciImageSource implements ImageSource {
    private final TransportReference reference;
    private final UntrustedManifest manifest;
    private final OciLayout layout;
    private final Runnable onClose;
    private final Optional<BlobFallback> blobFallback;

    /** Where blobs missing from the layout are read instead (an archive's layers, which are not extracted). */
    @FunctionalInterface
    public interface BlobFallback {
        long copy(Digest digest, Path target) throws IOException;
    }

    OciImageSource(TransportReference reference, UntrustedManifest manifest, OciLayout layout) {
        this(reference, manifest, layout, () -> { }, Optional.empty());
    }

    /**
     * A source for {@code reference} whose manifest is {@code manifest} in {@code layout}, and whose {@link #close}
     * also runs {@code onClose} (e.g. deleting a temporary copy); blobs missing from the layout are read from
     * {@code blobFallback} if given.
     */
    public OciImageSource(TransportReference reference, UntrustedManifest manifest, OciLayout layout,
                          Runnable onClose, Optional<BlobFallback> blobFallback) {
        this.reference = reference;
        this.manifest = manifest;
        this.layout = layout;
        this.onClose = onClose;
        this.blobFallback = blobFallback;
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
    public UntrustedManifest instanceManifest(Digest instance) throws IOException {
        byte[] bytes = layout.readManifestBlob(instance);
        return new UntrustedManifest(bytes, MediaTypes.guess(bytes).orElse(""));
    }

    @Override
    public List<UntrustedSignature> instanceSignatures(Digest instance) {
        return List.of();
    }

    @Override
    public long fetchBlob(Digest digest, Path target) throws IOException {
        if (blobFallback.isPresent() && !Files.exists(layout.blobPath(digest))) {
            try {
                return blobFallback.get().copy(digest, target);
            } catch (IOException e) {
                throw new IOException("reading " + reference.displayName() + ": blob " + digest + ": "
                        + e.getMessage(), e);
            }
        }
        return layout.copyBlob(digest, target);
    }

    @Override
    public void close() {
        onClose.run();
    }
}
