package dev.vouch.image.oci;

import dev.vouch.image.ExplicitPaths;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** An image in an OCI layout directory: {@code oci:PATH[:IMAGE]}. See {@link OciPathNaming} for its policy names. */
public final class OciReference implements TransportReference {
    private final String directory;
    private final Path resolvedDirectory;
    private final String image;

    private OciReference(String directory, Path resolvedDirectory, String image) {
        this.directory = directory;
        this.resolvedDirectory = resolvedDirectory;
        this.image = image;
    }

    /** Parses {@code PATH[:IMAGE]}; the parent of PATH must exist. */
    public static OciReference of(String withinTransport) {
        OciNames.PathAndImage parts = OciNames.parse("oci", withinTransport);
        try {
            return new OciReference(parts.path(), ExplicitPaths.resolve(parts.path()), parts.image());
        } catch (IOException e) {
            throw new InvalidReferenceException("oci:" + withinTransport + ": " + e.getMessage());
        }
    }

    /** The image name within the layout; empty means "the only image". */
    public String image() {
        return image;
    }

    public Path resolvedDirectory() {
        return resolvedDirectory;
    }

    @Override
    public ImageTransport transport() {
        return OciTransport.INSTANCE;
    }

    @Override
    public String stringWithinTransport() {
        return directory + ":" + image;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.empty();
    }

    @Override
    public String policyConfigurationIdentity() {
        return OciPathNaming.identity(resolvedDirectory);
    }

    @Override
    public List<String> policyConfigurationNamespaces() {
        return OciPathNaming.namespaces(resolvedDirectory);
    }

    @Override
    public ImageSource newImageSource(SourceContext context) throws IOException {
        OciLayout layout = OciLayout.open(Path.of(directory), displayName());
        return new OciImageSource(this, layout.readImage(image), layout);
    }

    @Override
    public ImageDestination newImageDestination(SourceContext context) throws IOException {
        return OciImageDestination.open(this, Path.of(directory), image);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OciReference that && directory.equals(that.directory) && image.equals(that.image)
                && resolvedDirectory.equals(that.resolvedDirectory);
    }

    @Override
    public int hashCode() {
        return directory.hashCode() * 31 + image.hashCode();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
