package dev.vouch.image.docker;

import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.reference.Digest;
import dev.vouch.reference.DigestAlgorithm;
import dev.vouch.reference.ImageReference;
import dev.vouch.registriesd.FileLookaside;
import dev.vouch.registriesd.HttpLookaside;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.LookasidePaths;
import dev.vouch.registriesd.LookasideReader;
import dev.vouch.registriesd.LookasideSignatures;
import dev.vouch.registriesd.RegistriesConfiguration;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.registriesd.SignatureStorage;
import dev.vouch.registry.RegistryClient;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads an image from a registry: the manifest through a {@link RegistryClient} (fetched once), the signatures
 * from the lookaside store registries.d configures for the image. Signatures are looked up under the digest named
 * by a digest reference if it is a sha256 one, and otherwise (a tag, or another algorithm) under the sha256 digest
 * of the manifest bytes received, as containers/image does. A registry announcing the OpenShift signature API
 * is asked through it instead of the lookaside store; sigstore attachments are read after either when registries.d
 * enables them. A source opened with a pinned digest ({@link DockerTransportReference#newImageSourceAt}) reads the
 * manifest with that digest while the tag stays the identity the policy checks signatures against.
 */
final class DockerImageSource implements ImageSource {
    private final DockerTransportReference reference;
    private final ImageReference image;
    private final RegistryClient client;
    private final boolean ownsClient;
    private final SourceContext context;
    private final Supplier<LookasideReader> httpLookaside;
    private final Optional<Digest> pinnedDigest;
    private UntrustedManifest manifest;
    private List<String> signatureOrigins = List.of();

    /**
     * @param ownsClient whether closing this source closes {@code client} (false when clients are shared per call)
     * @param pinnedDigest if present, the manifest is read by this digest (and checked to hash to it) rather than by
     *     the reference's tag, while the reference stays the image's identity for the policy
     */
    DockerImageSource(DockerTransportReference reference, RegistryClient client, boolean ownsClient,
                      SourceContext context, Supplier<LookasideReader> httpLookaside, Optional<Digest> pinnedDigest) {
        this.reference = reference;
        this.pinnedDigest = pinnedDigest;
        this.image = reference.dockerReference().orElseThrow();
        this.client = client;
        this.ownsClient = ownsClient;
        this.context = context;
        this.httpLookaside = httpLookaside;
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public synchronized UntrustedManifest manifest() throws IOException {
        if (manifest == null) {
            try {
                ImageReference location = pinnedDigest.map(d -> image.repository().withDigest(d)).orElse(image);
                manifest = client.manifest(location).orElseThrow(() -> new IOException("reading "
                        + reference.displayName() + ": manifest unknown: the registry has no manifest for "
                        + location));
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("reading ")) {
                    throw e;
                }
                throw new IOException("reading " + reference.displayName() + ": " + e.getMessage(), e);
            }
        }
        return manifest;
    }

    /**
     * Like containers/image: the OpenShift signature API if the registry announces it, otherwise the lookaside store;
     * then, if registries.d enables them, the sigstore attachments.
     */
    @Override
    public List<UntrustedSignature> signatures() throws IOException {
        return signatures(Optional.empty());
    }

    @Override
    public List<UntrustedSignature> instanceSignatures(Digest instance) throws IOException {
        return signatures(Optional.of(instance));
    }

    @Override
    public UntrustedManifest instanceManifest(Digest instance) throws IOException {
        try {
            return client.manifest(image.withDigest(instance)).orElseThrow(() -> new IOException("reading "
                    + reference.displayName() + ": manifest unknown: the registry has no manifest " + instance));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("reading ")) {
                throw e;
            }
            throw new IOException("reading " + reference.displayName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long fetchBlob(Digest digest, Path target) throws IOException {
        try {
            return client.downloadBlob(image.repository(), digest, target, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new IOException("reading " + reference.displayName() + ": " + e.getMessage(), e);
        }
    }

    private List<UntrustedSignature> signatures(Optional<Digest> instance) throws IOException {
        SignatureStorage storage;
        try {
            storage = registriesConfiguration().lookup(image);
        } catch (InvalidRegistriesConfigurationException e) {
            throw new IOException("reading signatures of " + reference.displayName() + ": " + e.getMessage(), e);
        }
        List<UntrustedSignature> signatures = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        signatureOrigins = List.of();
        try {
            Digest digest = instance.isPresent() ? instance.get() : signedDigest();
            if (client.supportsSignatureExtension()) {
                signatures.addAll(ExtensionSignatureList.decode(client.extensionSignatures(image.repository(),
                        digest)));
                while (origins.size() < signatures.size()) {
                    origins.add("signature API of " + client.registry());
                }
            } else {
                URI base = LookasidePaths.repositoryBase(storage.readBase(), image);
                signatures.addAll(lookaside(storage, digest));
                while (origins.size() < signatures.size()) {
                    origins.add(withoutUserInfo(LookasidePaths.signature(base, digest, origins.size() + 1)));
                }
            }
            if (storage.useSigstoreAttachments()) {
                signatures.addAll(SigstoreAttachments.read(client, image, digest));
                while (origins.size() < signatures.size()) {
                    origins.add("sigstore attachment in " + image.repository());
                }
            }
            signatureOrigins = List.copyOf(origins);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("reading ")) {
                throw e;
            }
            throw new IOException("reading signatures of " + reference.displayName() + ": " + e.getMessage(), e);
        }
        return signatures;
    }

    /** registries.d as loaded, or why it could not be. */
    private record LoadedRegistries(RegistriesConfiguration configuration,
                                    InvalidRegistriesConfigurationException error) {
        static LoadedRegistries load(SourceContext context) {
            try {
                return new LoadedRegistries(RegistriesDirectory.load(context), null);
            } catch (InvalidRegistriesConfigurationException e) {
                return new LoadedRegistries(null, e);
            }
        }
    }

    /** registries.d, loaded once per shared context, or once per image without one. */
    private RegistriesConfiguration registriesConfiguration() throws InvalidRegistriesConfigurationException,
            IOException {
        LoadedRegistries loaded = context.shared().isEmpty() ? LoadedRegistries.load(context)
                : context.shared().get().get(List.of("registries.d", context.registriesDirectory(),
                        context.homeDirectory(), context.root()), LoadedRegistries.class,
                        () -> LoadedRegistries.load(context));
        if (loaded.error() != null) {
            throw loaded.error();
        }
        return loaded.configuration();
    }

    private List<UntrustedSignature> lookaside(SignatureStorage storage, Digest digest) throws IOException {
        URI base = LookasidePaths.repositoryBase(storage.readBase(), image);
        LookasideReader reader = FileLookaside.INSTANCE.supports(base) ? FileLookaside.INSTANCE : httpLookaside.get();
        if (!reader.supports(base)) {
            throw new IOException("unsupported lookaside URL scheme in " + storage.readBase());
        }
        return LookasideSignatures.read(reader, base, digest);
    }

    private Digest signedDigest() throws IOException {
        if (pinnedDigest.isPresent() && pinnedDigest.get().algorithm() == DigestAlgorithm.SHA256) {
            manifest();
            return pinnedDigest.get();
        }
        if (image.digest().isPresent() && image.digest().get().algorithm() == DigestAlgorithm.SHA256) {
            return image.digest().get();
        }
        try {
            return ManifestDigests.digest(manifest().bytes());
        } catch (InvalidManifestException e) {
            throw new IOException("reading " + reference.displayName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public synchronized List<String> signatureOrigins() {
        return signatureOrigins;
    }

    /** A URL for display: user information (a password, possibly) removed. */
    private static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }
}
