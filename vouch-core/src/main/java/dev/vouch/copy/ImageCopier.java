package dev.vouch.copy;

import dev.vouch.io.TemporaryDirectories;
import dev.vouch.manifest.Descriptor;
import dev.vouch.manifest.ImageManifest;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.ManifestIndex;
import dev.vouch.manifest.Manifests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.manifest.ParsedManifest;
import dev.vouch.manifest.Platform;
import dev.vouch.manifest.Schema1Manifest;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.UntrustedManifest;
import dev.vouch.verify.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Copies an image between transports as skopeo copy does, in two steps so that a policy rejection writes nothing:
 * {@link #plan} evaluates the policy on every manifest that will be copied (the chosen instance of an index; with
 * {@code --all} the index and each instance) and reads what is to be written; {@link #copy} then writes blobs (skipping
 * those present, mounting across repositories where possible), manifests exactly as read (so their digests are
 * preserved), signatures, and commits.
 */
public final class ImageCopier {
    private final CopyOptions options;

    public ImageCopier(CopyOptions options) {
        this.options = options;
    }

    /**
     * Checks {@code source} against the policy and decides what to copy.
     *
     * @throws PolicyRejectedException if the policy rejects a manifest to be copied
     * @throws IOException if the source cannot be read (its name is in the message)
     */
    public CopyPlan plan(ImageSource source) throws IOException {
        UntrustedManifest top = source.manifest();
        if (!MediaTypes.isMultiImage(mediaType(top))) {
            accept(source);
            return new CopyPlan(source, List.of(image(source, top, Optional.empty(), source)), Optional.empty());
        }
        ManifestIndex index = parseIndex(source, top);
        if (!options.allImages()) {
            Digest chosen = choose(source, index);
            InstanceView view = new InstanceView(source, chosen);
            accept(view);
            return new CopyPlan(source, List.of(image(view, view.manifest(), Optional.empty(), source)),
                    Optional.empty());
        }
        accept(source);
        List<CopyPlan.Image> images = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            InstanceView view = new InstanceView(source, entry.digest());
            accept(view);
            images.add(image(view, view.manifest(), Optional.of(entry.digest()), source));
        }
        return new CopyPlan(source, images, Optional.of(image(source, top, Optional.empty(), source)));
    }

    /** Writes {@code plan} to {@code destination} and commits it. */
    public CopyResult copy(CopyPlan plan, ImageDestination destination) throws IOException {
        String target = destination.reference().displayName();
        if (plan.index().isPresent() && !destination.supportsMultipleImages()) {
            throw new IOException("copying multiple images: destination transport \""
                    + destination.reference().transport().name() + "\" does not support copying multiple images as"
                    + " a group");
        }
        boolean anySignatures = options.signer().isPresent() || plan.images().stream()
                .anyMatch(i -> !i.signatures().isEmpty())
                || plan.index().map(i -> !i.signatures().isEmpty()).orElse(false);
        if (anySignatures) {
            Optional<String> refusal = destination.signatureSupport();
            if (refusal.isPresent()) {
                throw new IOException("Can not copy signatures to " + target + ": " + refusal.get());
            }
        }
        Optional<ImageReference> identity = Optional.empty();
        if (options.signer().isPresent()) {
            identity = Optional.of(destination.reference().dockerReference().orElseThrow(() -> new IOException(
                    "Cannot determine canonical Docker reference for destination " + target)));
        }
        Counts counts = new Counts();
        Path scratch = Files.createTempDirectory("vouch-copy-");
        try {
            for (CopyPlan.Image image : plan.images()) {
                write(image, plan.source(), destination, identity, scratch, counts);
            }
            Digest top = plan.index().isPresent()
                    ? writeManifestAndSignatures(plan.index().get(), destination, identity, counts)
                    : digest(plan.images().get(0).manifest());
            destination.commit();
            return new CopyResult(top, counts.copied, counts.mounted, counts.present, counts.signatures);
        } finally {
            TemporaryDirectories.deleteQuietly(scratch);
        }
    }

    private void write(CopyPlan.Image image, ImageSource source, ImageDestination destination,
                       Optional<ImageReference> identity, Path scratch, Counts counts) throws IOException {
        for (Digest blob : blobs(image.manifest(), source)) {
            if (destination.hasBlob(blob)) {
                counts.present++;
            } else if (destination.tryReuseBlob(blob, source.reference())) {
                counts.mounted++;
            } else {
                Path file = scratch.resolve(blob.algorithm().identifier() + "-" + blob.encoded());
                try {
                    image.blobSource().fetchBlob(blob, file);
                    destination.putBlob(blob, file);
                } finally {
                    Files.deleteIfExists(file);
                }
                counts.copied++;
            }
        }
        writeManifestAndSignatures(image, destination, identity, counts);
    }

    private Digest writeManifestAndSignatures(CopyPlan.Image image, ImageDestination destination,
                                              Optional<ImageReference> identity, Counts counts) throws IOException {
        destination.putManifest(image.manifest(), image.instance());
        Digest digest = image.instance().isPresent() ? image.instance().get() : digest(image.manifest());
        List<UntrustedSignature> signatures = new ArrayList<>(image.signatures());
        if (options.signer().isPresent()) {
            signatures.add(options.signer().get().sign(digest, identity.orElseThrow()));
        }
        destination.putSignatures(signatures, image.instance());
        counts.signatures += signatures.size();
        return digest;
    }

    private void accept(ImageSource source) throws IOException {
        Verdict verdict = options.policy().evaluate(source);
        if (!verdict.accepted()) {
            throw new PolicyRejectedException(verdict);
        }
    }

    private CopyPlan.Image image(ImageSource view, UntrustedManifest manifest, Optional<Digest> instance,
                                 ImageSource blobSource) throws IOException {
        List<UntrustedSignature> signatures = options.removeSignatures() ? List.of() : view.signatures();
        return new CopyPlan.Image(manifest, instance, signatures, view instanceof InstanceView ? view : blobSource);
    }

    /** The instance for the wanted platform: the first entry whose OS and architecture match (and variant if asked). */
    private Digest choose(ImageSource source, ManifestIndex index) throws IOException {
        Platform wanted = options.platform();
        for (Descriptor entry : index.manifests()) {
            if (entry.platform().isPresent() && matches(entry.platform().get(), wanted)) {
                return entry.digest();
            }
        }
        String kind = index.mediaType().equals(MediaTypes.OCI_INDEX) ? "image index" : "manifest list";
        throw new IOException("reading " + source.reference().displayName() + ": no image found in " + kind
                + " for architecture " + wanted.architecture() + ", variant \"" + wanted.variant() + "\", OS "
                + wanted.os());
    }

    private static boolean matches(Platform platform, Platform wanted) {
        return platform.os().equals(wanted.os()) && platform.architecture().equals(wanted.architecture())
                && (wanted.variant().isEmpty() || wanted.variant().equals(platform.variant()));
    }

    private static Set<Digest> blobs(UntrustedManifest manifest, ImageSource source) throws IOException {
        ParsedManifest parsed = parse(manifest, source);
        Set<Digest> blobs = new LinkedHashSet<>();
        if (parsed instanceof ImageManifest image) {
            blobs.add(image.config().digest());
            image.layers().forEach(layer -> blobs.add(layer.digest()));
        } else if (parsed instanceof Schema1Manifest schema1) {
            blobs.addAll(schema1.blobSums());
        } else {
            throw new IOException("reading " + source.reference().displayName()
                    + ": an instance of an index is itself an index");
        }
        return blobs;
    }

    private static ManifestIndex parseIndex(ImageSource source, UntrustedManifest manifest) throws IOException {
        if (parse(manifest, source) instanceof ManifestIndex index) {
            return index;
        }
        throw new IOException("reading " + source.reference().displayName() + ": the index cannot be parsed");
    }

    private static ParsedManifest parse(UntrustedManifest manifest, ImageSource source) throws IOException {
        try {
            return Manifests.parse(manifest.bytes(), manifest.mediaType());
        } catch (InvalidManifestException e) {
            throw new IOException("reading " + source.reference().displayName() + ": invalid manifest: "
                    + e.getMessage(), e);
        }
    }

    private static String mediaType(UntrustedManifest manifest) {
        return manifest.mediaType().isEmpty() ? MediaTypes.guess(manifest.bytes()).orElse("") : manifest.mediaType();
    }

    private static Digest digest(UntrustedManifest manifest) throws IOException {
        try {
            return ManifestDigests.digest(manifest.bytes());
        } catch (InvalidManifestException e) {
            throw new IOException("invalid manifest: " + e.getMessage(), e);
        }
    }

    private static final class Counts {
        int copied;
        int mounted;
        int present;
        int signatures;
    }
}
