package dev.vouch.image.ociarchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the private extraction directories of OCI archives. */
final class TemporaryDirectories {
    private TemporaryDirectories() {
    }

    static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: the directory is private and under the system temporary directory
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
