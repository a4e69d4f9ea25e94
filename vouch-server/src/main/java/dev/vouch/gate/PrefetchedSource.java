package dev.vouch.gate;

import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.util.List;

/**
 * An image whose manifest and signatures were read before the policy looks at them, so that a failure to read
 * (an unreachable registry or lookaside) is told apart from a rejection: it fails {@link #read} instead.
 */
final class PrefetchedSource implements ImageSource {
    private final TransportReference reference;
    private final UntrustedManifest manifest;
    private final List<UntrustedSignature> signatures;

    private PrefetchedSource(TransportReference reference, UntrustedManifest manifest,
                             List<UntrustedSignature> signatures) {
        this.reference = reference;
        this.manifest = manifest;
        this.signatures = List.copyOf(signatures);
    }

    /** Reads the manifest and the signatures of {@code source} (which stays open for the caller to close). */
    static PrefetchedSource read(ImageSource source) throws IOException {
        return new PrefetchedSource(source.reference(), source.manifest(), source.signatures());
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
        return signatures;
    }

    @Override
    public void close() {
        // nothing held
    }
}
