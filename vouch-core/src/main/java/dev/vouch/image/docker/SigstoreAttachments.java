package dev.vouch.image.docker;

import dev.vouch.manifest.Descriptor;
import dev.vouch.manifest.ImageManifest;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.Manifests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.manifest.ParsedManifest;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.RegistryClient;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads sigstore attachments the way cosign stores them and containers/image reads them: the OCI manifest tagged
 * {@code sha256-<hex>.sig} in the image's repository; every layer is one signature whose payload is the layer blob
 * (fetched by digest, digest-checked, at most {@link #MAX_PAYLOAD_BYTES}) and whose annotations carry the
 * signature, certificate, chain and Rekor bundle. Layers of other media types are kept too, as containers/image keeps
 * them; the sigstore policy check then skips them by their MIME type. No such tag means no attachments.
 */
final class SigstoreAttachments {
    /** The largest payload read (containers/image's limit for one signature). */
    static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

    private SigstoreAttachments() {
    }

    /** The attachment tag for {@code manifestDigest}: {@code sha256:abc} becomes {@code sha256-abc.sig}. */
    static String tag(Digest manifestDigest) {
        return manifestDigest.algorithm().identifier() + "-" + manifestDigest.encoded() + ".sig";
    }

    static List<UntrustedSignature> read(RegistryClient client, ImageReference image, Digest manifestDigest)
            throws IOException {
        ImageReference attachments = image.withTag(tag(manifestDigest));
        Optional<UntrustedManifest> manifest = client.manifest(attachments);
        if (manifest.isEmpty()) {
            return List.of();
        }
        if (!manifest.get().mediaType().equals(MediaTypes.OCI_MANIFEST)) {
            throw new IOException("unexpected MIME type for sigstore attachment manifest " + attachments + ": \""
                    + manifest.get().mediaType() + "\"");
        }
        ParsedManifest parsed;
        try {
            parsed = Manifests.parse(manifest.get().bytes(), MediaTypes.OCI_MANIFEST);
        } catch (InvalidManifestException e) {
            throw new IOException("parsing manifest " + attachments + ": " + e.getMessage(), e);
        }
        List<UntrustedSignature> signatures = new ArrayList<>();
        for (Descriptor layer : ((ImageManifest) parsed).layers()) {
            byte[] payload = client.blob(image.repository(), layer.digest(), MAX_PAYLOAD_BYTES);
            signatures.add(new UntrustedSigstoreSignature(layer.mediaType(), payload, layer.annotations()));
        }
        return signatures;
    }
}
