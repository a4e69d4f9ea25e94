package dev.vouch.image.dir;

import dev.vouch.image.BoundedFiles;
import dev.vouch.io.TemporaryDirectories;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.reference.Digest;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a {@code dir:} image as containers/image lays it out ({@code version}, {@code manifest.json}, blobs named by
 * their hex digest, {@code signature-N}, and for an index {@code <hex>.manifest.json} and {@code <hex>.signature-N}).
 *
 * <p>As in containers/image, an existing non-empty directory is replaced only if it is an image directory (its
 * {@code version} file says so). Unlike it, nothing is written in place: the image is staged in a hidden sibling
 * directory, which {@link #commit()} renames over the target (the old one is moved aside first, then deleted); a
 * failure before that leaves the target as it was.
 */
final class DirImageDestination implements ImageDestination {
    private final DirReference reference;
    private final Path target;
    private final Path staging;
    private boolean committed;

    private DirImageDestination(DirReference reference, Path target, Path staging) {
        this.reference = reference;
        this.target = target;
        this.staging = staging;
    }

    static DirImageDestination open(DirReference reference) throws IOException {
        Path target = reference.resolvedPath();
        String image = reference.displayName();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target)) {
                throw new IOException("writing to " + image + ": " + target + " exists and is not a directory");
            }
            boolean empty;
            try (Stream<Path> entries = Files.list(target)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty) {
                Optional<byte[]> version = BoundedFiles.read(target.resolve(DirLayout.VERSION), 1024, image);
                if (version.isEmpty() || !new String(version.get(), StandardCharsets.UTF_8)
                        .equals(DirLayout.VERSION_CONTENT)) {
                    throw new IOException("writing to " + image + ": " + target + " is not a containers image"
                            + " directory, don't want to overwrite important data");
                }
            }
        }
        Path parent = target.getParent();
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".vouch-");
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IOException("writing to " + image + ": cannot create a directory in " + parent + ": "
                    + e.getMessage(), e);
        }
        try {
            Files.writeString(staging.resolve(DirLayout.VERSION), DirLayout.VERSION_CONTENT);
        } catch (IOException e) {
            TemporaryDirectories.deleteQuietly(staging);
            throw new IOException("writing to " + image + ": " + e.getMessage(), e);
        }
        return new DirImageDestination(reference, target, staging);
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public Optional<String> signatureSupport() {
        return Optional.empty();
    }

    @Override
    public boolean supportsMultipleImages() {
        return true;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(DirLayout.blobPath(staging, digest));
    }

    @Override
    public void putBlob(Digest digest, Path file) throws IOException {
        try {
            Files.copy(file, DirLayout.blobPath(staging, digest), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("storing blob " + digest, e);
        }
    }

    @Override
    public void putManifest(UntrustedManifest manifest, Optional<Digest> instance) throws IOException {
        byte[] bytes = manifest.bytes();
        if (instance.isPresent() && !ManifestDigests.matches(bytes, instance.get())) {
            throw new IOException("writing to " + reference.displayName() + ": the manifest of instance "
                    + instance.get() + " does not match that digest");
        }
        try {
            Files.write(DirLayout.manifestPath(staging, instance), bytes);
        } catch (IOException e) {
            throw failure("storing the manifest", e);
        }
    }

    /** Writes exactly these signatures, as {@code signature-1} ... (or the instance's), as containers/image does. */
    @Override
    public void putSignatures(List<UntrustedSignature> signatures, Optional<Digest> instance) throws IOException {
        if (signatures.size() > DirLayout.MAX_SIGNATURES) {
            throw new IOException("writing to " + reference.displayName() + ": more than " + DirLayout.MAX_SIGNATURES
                    + " signatures");
        }
        try {
            for (int i = 0; i < signatures.size(); i++) {
                Files.write(DirLayout.signaturePath(staging, instance, i + 1),
                        SignatureEnvelope.encode(signatures.get(i)));
            }
        } catch (IOException e) {
            throw failure("storing signatures", e);
        }
    }

    @Override
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        Path aside = null;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                aside = target.resolveSibling("." + target.getFileName() + ".vouch-old-" + System.nanoTime());
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (aside != null) {
                    Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                    aside = null;
                }
                throw e;
            }
            committed = true;
        } catch (IOException e) {
            throw failure("replacing " + target, e);
        } finally {
            if (aside != null && committed) {
                TemporaryDirectories.deleteQuietly(aside);
            }
        }
    }

    @Override
    public void close() {
        if (!committed) {
            TemporaryDirectories.deleteQuietly(staging);
        }
    }

    private IOException failure(String what, IOException cause) {
        return new IOException("writing to " + reference.displayName() + ": " + what + ": "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                cause);
    }
}
