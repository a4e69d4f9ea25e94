package dev.vouch.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves a user-supplied path to the absolute, symlink-free form used as policy identity by path transports
 * (containers/image {@code explicitfilepath}): every component must exist, except that the last one may be missing
 * (but not be a dangling symlink). A leading {@code ///} is reduced to {@code /}; paths under {@code /proc/} are
 * returned unchanged (they may be magic links).
 */
public final class ExplicitPaths {
    private ExplicitPaths() {
    }

    /** The resolved absolute path; {@link IOException} naming the path if a parent is missing or unreadable. */
    public static Path resolve(String path) throws IOException {
        String p = path.startsWith("///") ? path.substring(2) : path;
        if (p.startsWith("/proc/")) {
            return Path.of(p);
        }
        Path given = Path.of(p);
        if (Files.exists(given, LinkOption.NOFOLLOW_LINKS)) {
            return resolveExisting(given);
        }
        Path absolute = given.toAbsolutePath();
        Path parent = absolute.getParent();
        Path file = absolute.getFileName();
        if (parent == null || file == null || file.toString().equals(".") || file.toString().equals("..")) {
            throw new IOException("cannot resolve path \"" + path + "\"");
        }
        return resolveExisting(parent).resolve(file.toString());
    }

    private static Path resolveExisting(Path path) throws IOException {
        try {
            return path.toAbsolutePath().normalize().toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("cannot resolve path \"" + path + "\": " + e.getFile() + " does not exist", e);
        }
    }
}
