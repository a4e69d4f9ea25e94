package dev.vouch.copy;

import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One instance of a multi-platform source seen as an image of its own (containers/image's UnparsedInstance): the
 * same name, the instance's manifest and signatures. Policy evaluation reads it like any source.
 */
final class InstanceView implements ImageSource {
    private final ImageSource source;
    private final Digest instance;
    private UntrustedManifest manifest;

    InstanceView(ImageSource source, Digest instance) {
        this.source = source;
        this.instance = instance;
    }

    @Override
    public TransportReference reference() {
        return source.reference();
    }

    @Override
    public synchronized UntrustedManifest manifest() throws IOException {
        if (manifest == null) {
            manifest = source.instanceManifest(instance);
        }
        return manifest;
    }

    @Override
    public List<UntrustedSignature> signatures() throws IOException {
        return source.instanceSignatures(instance);
    }

    @Override
    public long fetchBlob(Digest digest, Path target) throws IOException {
        return source.fetchBlob(digest, target);
    }

    /** The underlying source stays open: its owner closes it. */
    @Override
    public void close() {
    }
}
