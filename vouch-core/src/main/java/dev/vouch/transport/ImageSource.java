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

    @Override
    void close() throws IOException;
}
