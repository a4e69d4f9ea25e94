package dev.vouch.transport;

import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An image being written: blobs first, then each manifest (instances of an index before the index), then the
 * signatures of each manifest, then {@link #commit()}. Closing without committing discards what the transport can
 * discard: a {@code dir:} or OCI destination leaves the previous content untouched; a registry keeps uploaded blobs
 * (unreferenced, and collected by the registry), and manifests written before a failure.
 *
 * <p>Every failure is an {@link IOException} whose message names the destination and what failed.
 */
public interface ImageDestination extends Closeable {

    TransportReference reference();

    /**
     * Empty if this destination can store signatures, else why not, in containers/image's words (for example
     * {@code Pushing signatures for OCI images is not supported}). Writing may still fail later.
     */
    Optional<String> signatureSupport() throws IOException;

    /** Whether a multi-platform index and its instances can be stored together. */
    boolean supportsMultipleImages();

    /** Whether the destination already has blob {@code digest}, so that it need not be written. */
    boolean hasBlob(Digest digest) throws IOException;

    /**
     * Tries to make blob {@code digest} of {@code source} present without transferring it (a cross-repository mount
     * on the same registry). True if it is now present; false if the caller must put it.
     */
    default boolean tryReuseBlob(Digest digest, TransportReference source) throws IOException {
        return false;
    }

    /** Stores blob {@code digest} from {@code file}, whose content the caller has checked against the digest. */
    void putBlob(Digest digest, Path file) throws IOException;

    /**
     * Stores {@code manifest}: with an {@code instance} digest as one image of a multi-platform index (its bytes must
     * hash to that digest), otherwise as the top-level manifest or index, under the destination's name.
     */
    void putManifest(UntrustedManifest manifest, Optional<Digest> instance) throws IOException;

    /**
     * Stores the signatures of the top-level manifest (no {@code instance}) or of one instance; call after the
     * manifest. Each transport applies its own rules: see {@link #signatureSupport()}.
     */
    void putSignatures(List<UntrustedSignature> signatures, Optional<Digest> instance) throws IOException;

    /** Makes everything written visible, as one step where the transport allows. */
    void commit() throws IOException;

    /** Releases resources; without {@link #commit()}, discards what can be discarded. */
    @Override
    void close() throws IOException;
}
