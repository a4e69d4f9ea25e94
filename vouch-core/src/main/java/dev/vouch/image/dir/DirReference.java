package dev.vouch.image.dir;

import dev.vouch.image.ExplicitPaths;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.PathScopes;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@code dir:} image. The policy identity is the resolved path (absolute, symlinks resolved when the reference is
 * made); the namespaces are its parent directories, without {@code /}. There is no Docker reference.
 */
public final class DirReference implements TransportReference {
    private final String path;
    private final Path resolvedPath;

    private DirReference(String path, Path resolvedPath) {
        this.path = path;
        this.resolvedPath = resolvedPath;
    }

    /** A reference to the directory {@code path}; its parent must exist. */
    public static DirReference of(String path) {
        if (path.isEmpty()) {
            throw new InvalidReferenceException("dir: the path is empty");
        }
        try {
            return new DirReference(path, ExplicitPaths.resolve(path));
        } catch (IOException e) {
            throw new InvalidReferenceException("dir:" + path + ": " + e.getMessage());
        }
    }

    /** The directory as the user gave it; used for reading. */
    Path directory() {
        return Path.of(path);
    }

    /** The absolute path with symlinks resolved. */
    public Path resolvedPath() {
        return resolvedPath;
    }

    @Override
    public ImageTransport transport() {
        return DirTransport.INSTANCE;
    }

    @Override
    public String stringWithinTransport() {
        return path;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.empty();
    }

    @Override
    public String policyConfigurationIdentity() {
        return resolvedPath.toString();
    }

    @Override
    public List<String> policyConfigurationNamespaces() {
        return PathScopes.parentNamespaces(resolvedPath);
    }

    @Override
    public ImageSource newImageSource(SourceContext context) {
        return new DirImageSource(this);
    }

    @Override
    public ImageDestination newImageDestination(SourceContext context) throws IOException {
        return DirImageDestination.open(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DirReference that && path.equals(that.path) && resolvedPath.equals(that.resolvedPath);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
