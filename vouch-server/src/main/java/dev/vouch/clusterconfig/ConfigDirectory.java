package dev.vouch.clusterconfig;

import dev.vouch.io.AtomicFiles;
import dev.vouch.io.TemporaryDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * The mirror's private directory (empty or a mirror when first opened: it replaces what it finds), updated as the kubelet updates a ConfigMap volume: each set of files is written
 * into a new version directory {@code ..YYYY_MM_DD_hh_mm_ss.RANDOM} (mode 0700), then the symbolic link
 * {@code ..data} is pointed at it by renaming a new link over it, so that a reader resolving
 * {@code DIRECTORY/policy.json} (a link to {@code ..data/policy.json}) sees the whole old set or the whole new one,
 * never a mix. Older version directories are then removed.
 *
 * <p>Nothing is written through a link or over an existing entry: directories and files are created new
 * ({@code CREATE_NEW}, links not followed) inside a version directory this process just created, and every name is
 * checked against {@link ObjectKeys}. Files from Secrets have mode 0600, the others 0644 (the directories, 0700,
 * keep all of them private).
 */
final class ConfigDirectory {
    static final String DATA = "..data";
    static final String POLICY = "policy.json";
    static final String REGISTRIES_D = "registries.d";
    static final String KEYS = "keys";
    private static final String NEW_DATA = "..data_tmp";
    private static final List<String> ENTRIES = List.of(POLICY, REGISTRIES_D, KEYS);
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.")
            .withZone(ZoneOffset.UTC);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    static final Set<PosixFilePermission> SECRET_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PLAIN_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path root;
    private final Clock clock;

    private ConfigDirectory(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /**
     * The directory at {@code root}, created (mode 0700) if missing; an existing one must be a directory, not a link,
     * and is made 0700.
     */
    static ConfigDirectory open(Path root, Clock clock) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute)) {
            throw new IOException(absolute + " is a symbolic link; the mirror needs a directory of its own");
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(absolute.getParent());
            Files.createDirectory(absolute, PRIVATE_DIRECTORY);
        } else if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(absolute + " is not a directory");
        } else if (!Files.isSymbolicLink(absolute.resolve(DATA)) && !isEmpty(absolute)) {
            throw new IOException(absolute + " holds files but no mirror (no " + DATA + " link); the mirror"
                    + " replaces what it finds there, so it needs a directory of its own");
        }
        Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwx------"));
        return new ConfigDirectory(absolute, clock);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }

    Path root() {
        return root;
    }

    /**
     * Writes {@code files} into a new version directory, not yet visible under the usual names; {@link #publish} or
     * {@link #discard} it. The directories {@code keys} and {@code registries.d} exist even when no file is in
     * them.
     */
    Path stage(List<MirroredFile> files) throws IOException {
        Path version = Files.createTempDirectory(root, VERSION.format(clock.instant()), PRIVATE_DIRECTORY);
        try {
            Files.createDirectory(version.resolve(KEYS), PRIVATE_DIRECTORY);
            Files.createDirectory(version.resolve(REGISTRIES_D), PRIVATE_DIRECTORY);
            for (MirroredFile file : files) {
                write(version, file);
            }
            AtomicFiles.syncDirectory(version);
        } catch (IOException | RuntimeException e) {
            discard(version);
            throw e;
        }
        return version;
    }

    private static void write(Path version, MirroredFile file) throws IOException {
        Path directory = version;
        List<String> segments = file.segments();
        for (String segment : segments.subList(0, segments.size() - 1)) {
            directory = directory.resolve(segment);
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(directory, PRIVATE_DIRECTORY);
            }
        }
        Path target = directory.resolve(segments.get(segments.size() - 1));
        Set<PosixFilePermission> mode = file.secret() ? SECRET_FILE : PLAIN_FILE;
        try (SeekableByteChannel channel = Files.newByteChannel(target, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                SECRET_FILE))) {
            ByteBuffer buffer = ByteBuffer.wrap(file.content());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            ((FileChannel) channel).force(true);
        }
        Files.setPosixFilePermissions(target, mode);
    }

    /**
     * Makes {@code version} the current set: {@code ..data} is replaced by a link to it in one rename, the links
     * {@code policy.json}, {@code registries.d} and {@code keys} are created if missing, and every other version
     * directory is removed.
     */
    void publish(Path version) throws IOException {
        Path newData = root.resolve(NEW_DATA);
        Files.deleteIfExists(newData);
        Files.createSymbolicLink(newData, version.getFileName());
        Files.move(newData, root.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.syncDirectory(root);
        for (String entry : ENTRIES) {
            Path link = root.resolve(entry);
            Path target = Path.of(DATA, entry);
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
                continue;
            }
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                TemporaryDirectories.delete(link);
            }
            Files.createSymbolicLink(link, target);
        }
        removeOldVersions(version.getFileName().toString());
    }

    /** Removes a staged version that will not be published. */
    void discard(Path version) throws IOException {
        TemporaryDirectories.delete(version);
    }

    private void removeOldVersions(String keep) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith("..") && !name.equals(keep) && !name.equals(DATA)) {
                    TemporaryDirectories.delete(entry);
                }
            }
        }
    }
}
