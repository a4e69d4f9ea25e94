package dev.vouch.gittarget;

import java.util.Locale;
import java.util.Objects;

/**
 * One change to one file of a target: a function from the file's current bytes to its new bytes, and what the
 * change rolls out. Applying an edit must be idempotent (applied to its own output it returns the same bytes):
 * {@link GitTarget} re-applies edits to fresh content after a rejected push, and callers re-submit edits that were
 * not confirmed published after a restart.
 *
 * @param path        the file, relative to the target's directory, with {@code /} separators; no {@code .} or
 *                    {@code ..} components, no empty components, nothing inside {@code .git}
 * @param rewrite     the change
 * @param description what the change rolls out, for the commit message
 */
public record FileEdit(String path, Rewrite rewrite, ChangeDescription description) {

    /** A function from a file's current content to its new content; returning equal bytes changes nothing. */
    @FunctionalInterface
    public interface Rewrite {
        byte[] apply(byte[] current) throws EditConflictException;
    }

    public FileEdit {
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(description, "description");
        checkPath(path);
    }

    static void checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must be a relative file path, not \"" + printable(path) + "\"");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw new IllegalArgumentException("path must not contain control characters or backslashes");
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw new IllegalArgumentException("path must not have empty, \".\" or \"..\" components: \""
                        + printable(path) + "\"");
            }
            if (component.toLowerCase(Locale.ROOT).equals(".git")) {
                throw new IllegalArgumentException("path must not point into .git: \"" + printable(path) + "\"");
            }
        }
    }

    private static String printable(String path) {
        return path.replaceAll("\\p{Cntrl}", "?");
    }
}
