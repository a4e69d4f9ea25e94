package dev.vouch.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes private temporary directory trees (extracted archives, staged image writes), best effort. */
public final class TemporaryDirectories {
    private TemporaryDirectories() {
    }

    public static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: the directory is private to this process
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
