package dev.vouch.cli;

import dev.vouch.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Reading inputs with a size limit and writing outputs atomically, with user-facing errors. */
public final class LocalFiles {
    private LocalFiles() {
    }

    /** The bytes of {@code file}, the {@code what} ("policy", "manifest"...), refused above {@code limit} bytes. */
    public static byte[] read(Path file, int limit, String what) {
        try {
            if (Files.size(file) > limit) {
                throw new UserInputException(file + ": the " + what + " is larger than the limit of " + limit + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read the " + what + ": " + e.getMessage());
        }
    }

    /** Replaces {@code target} with {@code content} atomically (mode rw-r--r--, as skopeo writes signatures). */
    public static void writeAtomically(Path target, byte[] content) {
        try {
            AtomicFiles.replace(target, content, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (NoSuchFileException e) {
            throw new UserInputException(target + ": cannot write: the directory " + directoryOf(target)
                    + " does not exist");
        } catch (AccessDeniedException e) {
            throw new UserInputException(target + ": cannot write: permission denied in " + directoryOf(target));
        } catch (IOException e) {
            throw new UserInputException(target + ": cannot write: " + e.getMessage());
        }
    }

    private static Path directoryOf(Path target) {
        return target.toAbsolutePath().getParent();
    }
}
