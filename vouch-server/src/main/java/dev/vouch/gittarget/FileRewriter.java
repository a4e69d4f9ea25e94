package dev.vouch.gittarget;

import dev.vouch.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Predicate;

/**
 * Applies one {@link FileEdit} to a directory: reads the file (a regular file, reached without symbolic links, at
 * most {@link #MAX_FILE_SIZE} bytes), runs the edit's function and replaces the file atomically when the bytes
 * differ, keeping its permissions.
 */
final class FileRewriter {
    static final long MAX_FILE_SIZE = 16L << 20;

    /** The temporary files {@link AtomicFiles} leaves behind when killed before its rename. */
    private static final Pattern ATOMIC_TEMP = Pattern.compile("\\..+\\.\\d+\\.tmp");

    /** The outcome of one application. */
    record Outcome(EditResult.Status status, Optional<String> problem) {
        static Outcome of(EditResult.Status status) {
            return new Outcome(status, Optional.empty());
        }

        static Outcome problem(EditResult.Status status, String problem) {
            return new Outcome(status, Optional.of(problem));
        }
    }

    private FileRewriter() {
    }

    static Outcome apply(Path directory, FileEdit edit) {
        Path file = directory.resolve(edit.path());
        Path current = directory;
        for (Path component : directory.relativize(file)) {
            current = current.resolve(component);
            if (Files.isSymbolicLink(current)) {
                return Outcome.problem(EditResult.Status.FAILED, edit.path() + ": " + directory.relativize(current)
                        + " is a symbolic link; vouch writes only regular files inside the target");
            }
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.problem(EditResult.Status.CONFLICT, edit.path() + ": the file does not exist");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.problem(EditResult.Status.FAILED, edit.path() + ": not a regular file");
        }
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                return Outcome.problem(EditResult.Status.FAILED, edit.path() + ": larger than "
                        + (MAX_FILE_SIZE >> 20) + " MiB");
            }
            byte[] before = Files.readAllBytes(file);
            byte[] after;
            try {
                after = edit.rewrite().apply(before.clone());
            } catch (EditConflictException e) {
                return Outcome.problem(EditResult.Status.CONFLICT, edit.path() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                return Outcome.problem(EditResult.Status.FAILED, edit.path() + ": the edit failed: " + e);
            }
            if (after == null) {
                return Outcome.problem(EditResult.Status.FAILED, edit.path() + ": the edit returned no content");
            }
            if (Arrays.equals(before, after)) {
                return Outcome.of(EditResult.Status.UNCHANGED);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            AtomicFiles.replace(file, after, permissions);
            return Outcome.of(EditResult.Status.CHANGED);
        } catch (IOException e) {
            return Outcome.problem(EditResult.Status.FAILED, edit.path() + ": " + e.getMessage());
        }
    }

    /**
     * Deletes the temporary files an interrupted atomic replacement left in {@code directory} (not under
     * {@code .git}); returns their paths relative to it. {@code keep} says which candidates are not leftovers
     * (files tracked by Git).
     */
    static List<String> deleteInterruptedWrites(Path directory, Predicate<String> keep) throws IOException {
        List<String> deleted = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(directory.resolve(".git")) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = directory.relativize(file).toString();
                if (attributes.isRegularFile() && ATOMIC_TEMP.matcher(file.getFileName().toString()).matches()
                        && !keep.test(relative)) {
                    Files.delete(file);
                    deleted.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return deleted;
    }
}
