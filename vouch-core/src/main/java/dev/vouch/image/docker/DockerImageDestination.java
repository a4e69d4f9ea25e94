package dev.vouch.image.docker;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registriesd.FileLookaside;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.LookasidePaths;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.registriesd.SignatureStorage;
import dev.vouch.registry.BlobContent;
import dev.vouch.registry.RegistryClient;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an image to a registry: blobs (skipped when present, mounted from another repository of the same registry
 * when the source is there), manifests (instances by digest, the top level under the reference's tag or digest), and
 * signatures where containers/image writes them:
 * <ul>
 *   <li>sigstore signatures as sigstore attachments, only if registries.d enables {@code use-sigstore-attachments}
 *       (otherwise an error, as in containers/image);</li>
 *   <li>simple signatures through the OpenShift signature API when the registry announces it (adding to the
 *       signatures there, identical ones not repeated), otherwise into the registries.d lookaside write location
 *       ({@code lookaside-staging}, else {@code lookaside}, else the local default), which must be a {@code file:} URL;
 *       there the given list replaces {@code signature-1} ... {@code signature-N}.</li>
 * </ul>
 * A registry write cannot be undone: a failure may leave blobs (unreferenced) and, for an index, instance manifests.
 */
final class DockerImageDestination implements ImageDestination {
    private final DockerTransportReference reference;
    private final ImageReference image;
    private final RegistryClient client;
    private final SourceContext context;
    private Optional<Digest> topDigest = Optional.empty();

    DockerImageDestination(DockerTransportReference reference, RegistryClient client, SourceContext context) {
        this.reference = reference;
        this.image = reference.dockerReference().orElseThrow();
        this.client = client;
        this.context = context;
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    /** Always supported: the lookaside store has a default location (as in containers/image). */
    @Override
    public Optional<String> signatureSupport() {
        return Optional.empty();
    }

    @Override
    public boolean supportsMultipleImages() {
        return true;
    }

    @Override
    public boolean hasBlob(Digest digest) throws IOException {
        try {
            return client.blobSize(image.repository(), digest).isPresent();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Mounts from a {@code docker://} source in another repository of this registry. */
    @Override
    public boolean tryReuseBlob(Digest digest, TransportReference source) throws IOException {
        Optional<ImageReference> from = source instanceof DockerTransportReference ? source.dockerReference()
                : Optional.empty();
        if (from.isEmpty() || !from.get().domain().equals(image.domain())
                || from.get().path().equals(image.path())) {
            return false;
        }
        try {
            return client.mountBlob(image.repository(), digest, from.get().repository());
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void putBlob(Digest digest, Path file) throws IOException {
        try {
            client.putBlob(image.repository(), digest, BlobContent.ofFile(file));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void putManifest(UntrustedManifest manifest, Optional<Digest> instance) throws IOException {
        ImageReference target = instance.map(image::withDigest).orElse(image);
        try {
            Digest digest = client.putManifest(target, manifest.bytes(), manifest.mediaType());
            if (instance.isEmpty()) {
                topDigest = Optional.of(digest);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void putSignatures(List<UntrustedSignature> signatures, Optional<Digest> instance) throws IOException {
        if (signatures.isEmpty()) {
            return;
        }
        Digest digest = instance.or(() -> topDigest).orElseThrow(() -> new IOException("writing to "
                + reference.displayName() + ": unknown manifest digest, can't add signatures"));
        List<UntrustedSimpleSignature> simple = new ArrayList<>();
        List<UntrustedSigstoreSignature> sigstore = new ArrayList<>();
        for (UntrustedSignature signature : signatures) {
            if (signature instanceof UntrustedSimpleSignature s) {
                simple.add(s);
            } else if (signature instanceof UntrustedSigstoreSignature s) {
                sigstore.add(s);
            }
        }
        try {
            SignatureStorage storage = RegistriesDirectory.load(context).lookup(image);
            if (!sigstore.isEmpty()) {
                if (!storage.useSigstoreAttachments()) {
                    throw new IOException("writing sigstore attachments is disabled by configuration");
                }
                SigstoreAttachmentWriter.put(client, image, digest, sigstore);
            }
            if (!simple.isEmpty()) {
                if (client.supportsSignatureExtension()) {
                    ExtensionSignatureWriter.add(client, image.repository(), digest, simple);
                } else {
                    FileLookaside.replace(LookasidePaths.repositoryBase(storage.writeBase(), image), digest,
                            List.copyOf(simple));
                }
            }
        } catch (InvalidRegistriesConfigurationException e) {
            throw new IOException("writing signatures to " + reference.displayName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("writing signatures to " + reference.displayName() + ": " + e.getMessage(), e);
        }
    }

    /** Nothing to do: the registry made each write visible as it was made. */
    @Override
    public void commit() {
    }

    @Override
    public void close() {
        client.close();
    }

    private IOException failure(IOException cause) {
        return new IOException("writing to " + reference.displayName() + ": " + cause.getMessage(), cause);
    }
}
