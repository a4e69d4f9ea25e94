package dev.vouch.image.docker;

import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.Manifests;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.registriesd.SignatureStorage;
import dev.vouch.registry.RegistryClient;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.UntrustedManifest;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * An image in a registry that is being signed where it is: its manifest is fetched once, checked to be a valid
 * manifest, and its digest is what every signature added here is stored for, so that a tag moved meanwhile cannot
 * make the signature cover another image than the one whose digest was signed.
 */
public final class DockerSignatureTarget implements Closeable {
    private final DockerTransportReference reference;
    private final ImageReference image;
    private final RegistryClient client;
    private final SourceContext context;
    private final Digest manifestDigest;

    private DockerSignatureTarget(DockerTransportReference reference, RegistryClient client, SourceContext context,
                                  Digest manifestDigest) {
        this.reference = reference;
        this.image = reference.dockerReference().orElseThrow();
        this.client = client;
        this.context = context;
        this.manifestDigest = manifestDigest;
    }

    /** Connects to the image's registry and resolves its manifest digest. */
    public static DockerSignatureTarget resolve(DockerTransportReference reference, SourceContext context)
            throws IOException {
        ImageReference image = reference.dockerReference().orElseThrow();
        RegistryClient client;
        try {
            client = RegistryConnections.forImage(image, context, System.getenv()).client(image.domain());
        } catch (IOException e) {
            throw new IOException("reading " + reference.displayName() + ": " + e.getMessage(), e);
        }
        try {
            UntrustedManifest manifest = client.manifest(image).orElseThrow(() -> new IOException("reading "
                    + reference.displayName() + ": manifest unknown: the registry has no manifest for " + image));
            Manifests.parse(manifest.bytes(), manifest.mediaType());
            Digest digest = image.digest().orElse(ManifestDigests.digest(manifest.bytes()));
            return new DockerSignatureTarget(reference, client, context, digest);
        } catch (InvalidManifestException e) {
            client.close();
            throw new IOException("reading " + reference.displayName() + ": invalid manifest: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The image as named (with its tag or digest). */
    public ImageReference image() {
        return image;
    }

    /** The digest of the manifest as fetched by {@link #resolve}. */
    public Digest manifestDigest() {
        return manifestDigest;
    }

    /**
     * Adds sigstore signatures of {@link #manifestDigest()} as sigstore attachments, which registries.d must enable
     * for the image ({@code use-sigstore-attachments: true}); signatures already attached are not added twice.
     *
     * @return the number of signatures added
     */
    public int addSigstoreSignatures(List<UntrustedSigstoreSignature> signatures) throws IOException {
        SignatureStorage storage;
        try {
            storage = RegistriesDirectory.load(context).lookup(image);
        } catch (InvalidRegistriesConfigurationException e) {
            throw new IOException("writing signatures of " + reference.displayName() + ": " + e.getMessage(), e);
        }
        if (!storage.useSigstoreAttachments()) {
            throw new IOException("writing signatures of " + reference.displayName() + ": registries.d does not "
                    + "enable use-sigstore-attachments for " + image.repository() + "; sigstore signatures are "
                    + "written to registries only as attachments");
        }
        try {
            return SigstoreAttachmentWriter.put(client, image, manifestDigest, signatures);
        } catch (IOException e) {
            throw new IOException("writing sigstore attachments of " + reference.displayName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
