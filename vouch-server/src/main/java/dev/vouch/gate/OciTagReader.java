package dev.vouch.gate;

import dev.vouch.image.oci.OciLayout;
import dev.vouch.image.oci.OciReference;
import dev.vouch.reference.Digest;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;

/**
 * An image in an OCI layout: its digest is the one {@code index.json} gives it; the image at a digest is read
 * from the layout and must hash to that digest (otherwise the layout changed meanwhile, and the read fails).
 */
final class OciTagReader implements TagReader {
    private final OciReference reference;
    private final SourceContext context;

    OciTagReader(OciReference reference, SourceContext context) {
        this.reference = reference;
        this.context = context;
    }

    @Override
    public Digest currentDigest() throws IOException {
        return OciLayout.open(reference.resolvedDirectory(), reference.displayName()).select(reference.image())
                .digest();
    }

    @Override
    public ImageSource openAt(Digest digest) throws IOException {
        return openMatching(reference, context, digest);
    }

    /** Opens a local image whose manifest must hash to {@code digest}; otherwise it changed meanwhile. */
    static ImageSource openMatching(TransportReference reference, SourceContext context, Digest digest)
            throws IOException {
        ImageSource source = reference.newImageSource(context);
        try {
            if (!digest.matches(source.manifest().bytes())) {
                throw new IOException("reading " + reference.displayName() + ": the layout changed while it was read;"
                        + " its manifest is no longer " + digest);
            }
            return source;
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
