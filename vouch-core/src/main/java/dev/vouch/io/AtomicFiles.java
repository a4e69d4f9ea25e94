package dev.vouch.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces files so that readers see the old content or the new, never a mix, and a crash leaves the old file in
 * place: the content goes to a temporary file in the same directory, is flushed to disk, and is renamed over the
 * target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target} atomically, with {@code permissions}. */
    public static void replace(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = temporaryCopy(absolute, content, permissions);
        boolean moved = false;
        try {
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(absolute.getParent());
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Creates {@code target} with {@code content} and {@code permissions}, atomically and never replacing an existing
     * file: the content is written to a temporary file in the same directory (created with owner-only permissions,
     * so a secret is never readable by others on the way), flushed, then hard-linked to {@code target}, which fails
     * with {@link java.nio.file.FileAlreadyExistsException} if anything exists there.
     */
    public static void createNew(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = temporaryCopy(absolute, content, permissions);
        try {
            Files.createLink(absolute, temp);
            syncDirectory(absolute.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A flushed temporary file beside {@code absolute} holding {@code content}, with {@code permissions}. */
    private static Path temporaryCopy(Path absolute, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path directory = absolute.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("the directory " + directory + " does not exist", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("no permission to write in " + directory, e);
        }
        boolean written = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, permissions);
            written = true;
            return temp;
        } finally {
            if (!written) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Flushes {@code directory}'s entries (a rename, a new link) to disk, where the file system allows it. */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be opened for sync; the rename itself is already atomic.
        }
    }
}
