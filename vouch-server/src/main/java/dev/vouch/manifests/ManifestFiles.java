package dev.vouch.manifests;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds manifest files: a file given directly whatever its name, or in a directory the regular files named
 * {@code *.yaml} and {@code *.yml}, in the directory alone or its whole tree. Hidden files and directories
 * ({@code .git}, {@code .github}) are not searched (not even entered: Git creates and deletes lock files in
 * {@code .git} while the tree is read) and symbolic links to directories are not followed. A symbolic link to a file
 * is followed only if the file is inside the directory; the real path is returned (writing through it keeps the
 * link), each file once. A file removed while the tree is read is not found; any other error reading it is an error.
 */
public final class ManifestFiles {

    /** The files found, sorted, and the links skipped because they lead outside the directory. */
    public record Found(List<Path> files, List<Path> skippedLinks) {
        public Found {
            files = List.copyOf(files);
            skippedLinks = List.copyOf(skippedLinks);
        }
    }

    private ManifestFiles() {
    }

    public static Found find(Path fileOrDirectory, boolean recursive) throws IOException {
        if (!Files.isDirectory(fileOrDirectory)) {
            if (!Files.isRegularFile(fileOrDirectory)) {
                throw new NoSuchFileException(fileOrDirectory.toString(), null, "no such file");
            }
            return new Found(List.of(fileOrDirectory.toRealPath()), List.of());
        }
        Path root = fileOrDirectory.toRealPath();
        List<Path> candidates = candidates(root, recursive ? Integer.MAX_VALUE : 1);
        Set<Path> files = new LinkedHashSet<>();
        List<Path> skipped = new ArrayList<>();
        for (Path path : candidates) {
            try {
                if (Files.isSymbolicLink(path)) {
                    Path target = path.toRealPath();
                    if (!target.startsWith(root) || hidden(root.relativize(target))) {
                        skipped.add(path);
                        continue;
                    }
                    if (Files.isRegularFile(target)) {
                        files.add(target);
                    }
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(path);
                }
            } catch (NoSuchFileException removedMeanwhile) {
                // gone since it was listed: not a manifest any more
            }
        }
        return new Found(new ArrayList<>(files), skipped);
    }

    /** The paths under {@code root} (to {@code depth}) with a manifest's name outside hidden directories, sorted. */
    private static List<Path> candidates(Path root, int depth) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                return directory.equals(root) || !hidden(directory.getFileName()) ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!hidden(file.getFileName()) && manifestName(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return removedMeanwhile(file, e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : removedMeanwhile(directory, e);
            }

            private FileVisitResult removedMeanwhile(Path path, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !path.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Collections.sort(found);
        return found;
    }

    private static boolean manifestName(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
