package dev.vouch.rollout;

import dev.vouch.manifests.ManifestFiles;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a target's manifests again and again for the images their {@code DockerImage} triggers follow
 * ({@link RolloutPlanner#directImages(Path)}), parsing only the files whose size, modification time or file identity
 * (inode) changed since the previous scan: a periodic scan of a target that did not change costs a directory walk.
 * The attributes are read before the content, so a file changing meanwhile is read again next time. Thread-safe.
 */
public final class DirectImageScan {
    private record Scanned(long size, FileTime modified, Object fileKey, List<String> problems,
                           Map<ImageReference, Set<String>> images) {

        boolean same(BasicFileAttributes attributes) {
            return size == attributes.size() && modified.equals(attributes.lastModifiedTime())
                    && Objects.equals(fileKey, attributes.fileKey());
        }
    }

    private Map<Path, Scanned> previous = Map.of();

    /** The images and problems of the manifests under {@code root} now. */
    public synchronized RolloutPlanner.DirectImages scan(Path root) throws IOException {
        Path base = root.toRealPath();
        ManifestFiles.Found found = ManifestFiles.find(base, true);
        List<String> problems = new ArrayList<>(RolloutPlanner.linkProblems(base, found));
        Map<ImageReference, Set<String>> images = new LinkedHashMap<>();
        Map<Path, Scanned> scanned = new HashMap<>();
        for (Path file : found.files()) {
            Scanned entry;
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                entry = previous.get(file);
                if (entry == null || !entry.same(attributes)) {
                    RolloutPlanner.ReadFile read = RolloutPlanner.readFile(base, file);
                    entry = new Scanned(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(),
                            read.problems(), read.manifest().map(RolloutPlanner::directImages).orElse(Map.of()));
                }
            } catch (NoSuchFileException e) {
                continue; // removed since the directory was listed
            }
            scanned.put(file, entry);
            problems.addAll(entry.problems());
            entry.images().forEach((image, places) -> images.computeIfAbsent(image, i -> new LinkedHashSet<>())
                    .addAll(places));
        }
        previous = scanned;
        return new RolloutPlanner.DirectImages(images, problems);
    }
}
