package dev.vouch.image.ociarchive;

import dev.vouch.image.ExplicitPaths;
import dev.vouch.image.oci.OciImageSource;
import dev.vouch.image.oci.OciLayout;
import dev.vouch.image.oci.OciNames;
import dev.vouch.image.oci.OciPathNaming;
import dev.vouch.io.TemporaryDirectories;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An image in an OCI archive: {@code oci-archive:PATH[:IMAGE]}. Named like an {@code oci:} layout (identity: the
 * resolved archive path). Opening it extracts what is needed into a private temporary directory, deleted on close.
 */
public final class OciArchiveReference implements TransportReference {
    private final String file;
    private final Path resolvedFile;
    private final String image;
    private final TarLimits limits;

    private OciArchiveReference(String file, Path resolvedFile, String image, TarLimits limits) {
        this.file = file;
        this.resolvedFile = resolvedFile;
        this.image = image;
        this.limits = limits;
    }

    /** Parses {@code PATH[:IMAGE]}; the parent of PATH must exist. */
    public static OciArchiveReference of(String withinTransport) {
        OciNames.PathAndImage parts = OciNames.parse("oci-archive", withinTransport);
        try {
            return new OciArchiveReference(parts.path(), ExplicitPaths.resolve(parts.path()), parts.image(),
                    TarLimits.DEFAULT);
        } catch (IOException e) {
            throw new InvalidReferenceException("oci-archive:" + withinTransport + ": " + e.getMessage());
        }
    }

    /** This reference, reading with other {@code limits}. */
    public OciArchiveReference withLimits(TarLimits newLimits) {
        return new OciArchiveReference(file, resolvedFile, image, newLimits);
    }

    public String image() {
        return image;
    }

    @Override
    public ImageTransport transport() {
        return OciArchiveTransport.INSTANCE;
    }

    @Override
    public String stringWithinTransport() {
        return file + ":" + image;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.empty();
    }

    @Override
    public String policyConfigurationIdentity() {
        return OciPathNaming.identity(resolvedFile);
    }

    @Override
    public List<String> policyConfigurationNamespaces() {
        return OciPathNaming.namespaces(resolvedFile);
    }

    @Override
    public ImageSource newImageSource(SourceContext context) throws IOException {
        Path archive = Path.of(file);
        if (!Files.isRegularFile(archive)) {
            throw new IOException("reading " + displayName() + ": " + archive + " does not exist or is not a file");
        }
        Path temporary = Files.createTempDirectory("vouch-oci-archive-");
        try {
            try {
                new SafeTarExtractor(limits).extract(archive, temporary);
            } catch (IOException e) {
                throw new IOException("reading " + displayName() + ": unsafe or unreadable archive " + archive + ": "
                        + e.getMessage(), e);
            }
            OciLayout layout = OciLayout.open(temporary, displayName());
            UntrustedManifest manifest = layout.readImage(image);
            SafeTarExtractor extractor = new SafeTarExtractor(limits);
            return new OciImageSource(this, manifest, layout, () -> TemporaryDirectories.deleteQuietly(temporary),
                    Optional.of((digest, target) -> extractor.copyBlob(archive, digest, target)));
        } catch (IOException | RuntimeException e) {
            TemporaryDirectories.deleteQuietly(temporary);
            throw e;
        }
    }

    @Override
    public ImageDestination newImageDestination(SourceContext context) throws IOException {
        return OciArchiveImageDestination.open(this, Path.of(file));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OciArchiveReference that && file.equals(that.file) && image.equals(that.image)
                && resolvedFile.equals(that.resolvedFile);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + image.hashCode();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
