package dev.vouch.transport;

import dev.vouch.signature.UntrustedSignature;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * An opened image: its top-level manifest and the signatures stored for it, all unverified. Reading may be lazy;
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

    @Override
    void close() throws IOException;
}
