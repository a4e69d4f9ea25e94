package dev.vouch.verify;

import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import java.io.IOException;
import java.util.List;

/**
 * The unverified material of one image, read at most once per evaluation: the manifest and the stored signatures.
 * A read failure is kept and reported by every requirement that needs the material, so it can only reject.
 */
final class ImageEvidence {
    private final ImageSource source;
    private byte[] manifest;
    private IOException manifestFailure;
    private List<UntrustedSignature> signatures;
    private IOException signaturesFailure;

    ImageEvidence(ImageSource source) {
        this.source = source;
    }

    String imageName() {
        return source.reference().displayName();
    }

    /** The manifest bytes; throws the (remembered) read failure. */
    byte[] untrustedManifest() throws IOException {
        if (manifest == null && manifestFailure == null) {
            try {
                manifest = source.manifest().bytes();
            } catch (IOException e) {
                manifestFailure = e;
            } catch (RuntimeException e) {
                manifestFailure = new IOException("reading the manifest of " + imageName() + ": " + e.getMessage(), e);
            }
        }
        if (manifestFailure != null) {
            throw manifestFailure;
        }
        return manifest;
    }

    /** The stored signatures in storage order; throws the (remembered) read failure. */
    List<UntrustedSignature> untrustedSignatures() throws IOException {
        if (signatures == null && signaturesFailure == null) {
            try {
                signatures = List.copyOf(source.signatures());
            } catch (IOException e) {
                signaturesFailure = e;
            } catch (RuntimeException e) {
                signaturesFailure = new IOException("reading the signatures of " + imageName() + ": " + e.getMessage(), e);
            }
        }
        if (signaturesFailure != null) {
            throw signaturesFailure;
        }
        return signatures;
    }
}
