package dev.vouch.gate;

import dev.vouch.image.dir.DirReference;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.reference.Digest;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import java.io.IOException;

/**
 * An image in a {@code dir:} directory (as {@code skopeo copy} writes it, with its {@code signature-N} files): its
 * digest is the digest of {@code manifest.json}; the image at a digest is read from the directory and must hash to
 * that digest (otherwise the directory changed meanwhile, and the read fails).
 */
final class DirTagReader implements TagReader {
    private final DirReference reference;
    private final SourceContext context;

    DirTagReader(DirReference reference, SourceContext context) {
        this.reference = reference;
        this.context = context;
    }

    @Override
    public Digest currentDigest() throws IOException {
        try (ImageSource source = reference.newImageSource(context)) {
            byte[] manifest = source.manifest().bytes();
            try {
                return ManifestDigests.digest(manifest);
            } catch (InvalidManifestException e) {
                // Not a manifest at all: its plain digest, which the gate then rejects as an invalid manifest.
                return Digest.sha256(manifest);
            }
        }
    }

    @Override
    public ImageSource openAt(Digest digest) throws IOException {
        return OciTagReader.openMatching(reference, context, digest);
    }
}
