package dev.vouch.transport;

import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An opened image: its top-level manifest and the signatures stored for it, all unverified, and for copying, its
 * instances and blobs. Reading may be lazy;
 * every failure is an {@link IOException} whose message names the image and what failed.
 */
public interface ImageSource extends Closeable {

    TransportReference reference();

    /** The top-level manifest (or index) exactly as stored, with its media type. */
    UntrustedManifest manifest() throws IOException;

    /** The signatures stored for the top-level manifest, in storage order; an unreadable one fails the call. */
    List<UntrustedSignature> signatures() throws IOException;

    /**
     * Where each signature returned by the last {@link #signatures()} call came from (a file, a URL, an API), in the
     * same order; empty if this source cannot say. For display only: an origin says nothing about validity.
     */
    default List<String> signatureOrigins() {
        return List.of();
    }

    /**
     * The manifest of instance {@code instance} of the top-level index, checked to hash to that digest. Sources that
     * cannot hold an index fail.
     */
    default UntrustedManifest instanceManifest(Digest instance) throws IOException {
        throw new IOException("reading " + reference().displayName() + ": instance " + instance
                + " of a multi-platform image cannot be read from this transport");
    }

    /** The signatures stored for instance {@code instance} of the top-level index, in storage order. */
    default List<UntrustedSignature> instanceSignatures(Digest instance) throws IOException {
        throw new IOException("reading " + reference().displayName() + ": signatures of instance " + instance
                + " cannot be read from this transport");
    }

    /**
     * Writes blob {@code digest} (a layer or config) to {@code target}, streamed and checked to hash to
     * {@code digest}; {@code target} appears only if it does. Returns the size.
     */
    default long fetchBlob(Digest digest, Path target) throws IOException {
        throw new IOException("reading " + reference().displayName() + ": blobs cannot be read from this transport");
    }

    @Override
    void close() throws IOException;
}
