package dev.vouch.image.docker;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.RegistryClient;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.io.IOException;
import java.util.List;

/**
 * Writes sigstore signatures as sigstore attachments ({@code sha256-<hex>.sig}) beside an image. Writing them is not
 * part of this version: a destination asked to store sigstore signatures in a registry refuses, naming the reason,
 * rather than dropping them.
 */
final class SigstoreAttachmentWriter {
    private SigstoreAttachmentWriter() {
    }

    static void put(RegistryClient client, ImageReference image, Digest digest,
                    List<UntrustedSigstoreSignature> signatures) throws IOException {
        throw new IOException("writing " + signatures.size() + " sigstore signature(s) of " + image.repository()
                + "@" + digest + " as sigstore attachments is not supported yet; copy with --remove-signatures, or"
                + " to dir:");
    }
}
