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
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds manifest files: a file given directly whatever its name, or in a directory the regular files named
 * {@code *.yaml} and {@code *.yml}, in the directory alone or its whole tree. Hidden files and directories
 * ({@code .git}, {@code .github}) are not searched and symbolic links to directories are not followed. A symbolic
 * link to a file is followed only if the file is inside the directory; the real path is returned (writing through
 * it keeps the link), each file once.
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
        Set<Path> files = new LinkedHashSet<>();
        List<Path> skipped = new ArrayList<>();
        for (Path path : entries(root, recursive)) {
            if (hidden(root.relativize(path)) || !manifestName(path)) {
                continue;
            }
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
        }
        return new Found(new ArrayList<>(files), skipped);
    }

    /**
     * The entries under {@code root} (not itself), sorted, without entering hidden directories: Git writes and removes
     * files under {@code .git} (its {@code index.lock}) at any time. An entry removed while it is listed is left out.
     */
    private static List<Path> entries(Path root, boolean recursive) throws IOException {
        List<Path> entries = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                        if (dir.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        entries.add(dir);
                        return hidden(root.relativize(dir)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        entries.add(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        entries.sort(null);
        return entries;
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
