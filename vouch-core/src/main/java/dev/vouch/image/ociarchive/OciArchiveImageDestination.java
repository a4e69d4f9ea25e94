package dev.vouch.image.ociarchive;

import dev.vouch.image.oci.OciImageDestination;
import dev.vouch.io.TemporaryDirectories;
import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an {@code oci-archive:} image as containers/image does: an OCI layout holding only this image is built in a
 * private temporary directory and, on {@link #commit()}, archived (uncompressed tar) over the archive file. The tar is
 * written beside the target and renamed over it, so a failure leaves the old archive, if any, as it was.
 */
final class OciArchiveImageDestination implements ImageDestination {
    private final OciArchiveReference reference;
    private final Path archive;
    private final Path layout;
    private final OciImageDestination delegate;

    private OciArchiveImageDestination(OciArchiveReference reference, Path archive, Path layout,
                                       OciImageDestination delegate) {
        this.reference = reference;
        this.archive = archive;
        this.layout = layout;
        this.delegate = delegate;
    }

    static OciArchiveImageDestination open(OciArchiveReference reference, Path archive) throws IOException {
        if (Files.isDirectory(archive)) {
            throw new IOException("writing to " + reference.displayName() + ": " + archive + " is a directory");
        }
        Path layout = Files.createTempDirectory("vouch-oci-archive-");
        try {
            return new OciArchiveImageDestination(reference, archive, layout,
                    OciImageDestination.open(reference, layout, reference.image()));
        } catch (IOException | RuntimeException e) {
            TemporaryDirectories.deleteQuietly(layout);
            throw e;
        }
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public Optional<String> signatureSupport() {
        return delegate.signatureSupport();
    }

    @Override
    public boolean supportsMultipleImages() {
        return true;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return delegate.hasBlob(digest);
    }

    @Override
    public void putBlob(Digest digest, Path file) throws IOException {
        delegate.putBlob(digest, file);
    }

    @Override
    public void putManifest(UntrustedManifest manifest, Optional<Digest> instance) throws IOException {
        delegate.putManifest(manifest, instance);
    }

    @Override
    public void putSignatures(List<UntrustedSignature> signatures, Optional<Digest> instance) throws IOException {
        delegate.putSignatures(signatures, instance);
    }

    @Override
    public void commit() throws IOException {
        delegate.commit();
        Path absolute = archive.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(java.nio.channels.Channels
                        .newOutputStream(channel))) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    writeTree(tar);
                    tar.finish();
                    channel.force(true);
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            throw new IOException("writing to " + reference.displayName() + ": writing " + archive + ": "
                    + e.getMessage(), e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private void writeTree(TarArchiveOutputStream tar) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(layout)) {
            paths = walk.filter(p -> !p.equals(layout)).sorted().toList();
        }
        for (Path path : paths) {
            String name = layout.relativize(path).toString().replace('\\', '/');
            if (path.getFileName().toString().startsWith(".")) {
                continue;
            }
            TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), Files.isDirectory(path) ? name + "/" : name);
            tar.putArchiveEntry(entry);
            if (Files.isRegularFile(path)) {
                Files.copy(path, tar);
            }
            tar.closeArchiveEntry();
        }
    }

    @Override
    public void close() {
        TemporaryDirectories.deleteQuietly(layout);
    }
}
