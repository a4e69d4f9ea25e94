package dev.vouch.image.ociarchive;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.VerifiedFiles;
import dev.vouch.reference.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts from a tar of an OCI layout only what reading an image needs: {@code oci-layout}, {@code index.json} and
 * the small blobs {@code blobs/<algorithm>/<hex>}, into a directory the caller owns. Every entry is checked, even the
 * ones skipped: names must be relative and stay inside the archive (no {@code ..}), links must not point outside it,
 * a file may appear only once, devices and FIFOs are refused, and {@link TarLimits} bound the work. Uncompressed and
 * gzip-compressed archives are accepted.
 */
final class SafeTarExtractor {
    private static final Pattern BLOB = Pattern.compile("blobs/(sha256/[a-f0-9]{64}|sha384/[a-f0-9]{96}|sha512/[a-f0-9]{128})");

    private final TarLimits limits;

    SafeTarExtractor(TarLimits limits) {
        this.limits = limits;
    }

    /** Extracts {@code archive} into the empty directory {@code target}; errors name the archive entry. */
    void extract(Path archive, Path target) throws IOException {
        Set<String> seen = new HashSet<>();
        long[] extracted = {0};
        scan(archive, (tar, entry, name) -> {
            if (entry.isDirectory()) {
                return false;
            }
            if (!seen.add(name)) {
                throw new IOException("entry " + name + " appears more than once");
            }
            if (entry.isSymbolicLink() || entry.isLink() || !isNeeded(name)) {
                return false;
            }
            if (entry.getSize() > limits.maxSmallFileBytes()) {
                if (!name.startsWith("blobs/")) {
                    throw new IOException("entry " + name + " is " + entry.getSize() + " bytes, more than the limit of "
                            + limits.maxSmallFileBytes());
                }
                return false; // a layer: not needed to verify the image
            }
            extracted[0] += entry.getSize();
            if (extracted[0] > limits.maxExtractedBytes()) {
                throw new IOException("more than " + limits.maxExtractedBytes() + " bytes of layout files and"
                        + " manifests");
            }
            write(tar, target.resolve(name), entry.getSize(), name);
            return false;
        });
    }

    /**
     * Streams blob {@code digest} (a layer {@link #extract} skipped) from {@code archive} to {@code target}, checked
     * against the digest; every entry before it is checked as {@link #extract} checks it. Returns the size.
     */
    long copyBlob(Path archive, Digest digest, Path target) throws IOException {
        String wanted = "blobs/" + digest.algorithm().identifier() + "/" + digest.encoded();
        long[] size = {-1};
        scan(archive, (tar, entry, name) -> {
            if (!name.equals(wanted) || !entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
                return false;
            }
            try {
                size[0] = VerifiedFiles.write(tar, digest, target, entry.getSize());
            } catch (VerifiedFiles.DigestMismatchException e) {
                throw new IOException("entry " + name + " does not match its digest", e);
            }
            return true;
        });
        if (size[0] < 0) {
            throw new IOException("the archive has no regular file " + wanted);
        }
        return size[0];
    }

    /** Looks at one checked entry; true stops the scan. */
    @FunctionalInterface
    private interface EntryVisitor {
        boolean visit(TarArchiveInputStream tar, TarArchiveEntry entry, String name) throws IOException;
    }

    /** Reads the archive's entries, checking each name and type and the entry count, until {@code visitor} stops. */
    private void scan(Path archive, EntryVisitor visitor) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream bounded = boundedTotal(decompressed(raw));
             TarArchiveInputStream tar = new TarArchiveInputStream(bounded)) {
            int entries = 0;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new IOException("more than " + limits.maxEntries() + " entries");
                }
                String name = checkedName(entry.getName());
                checkType(entry, name);
                if (visitor.visit(tar, entry, name)) {
                    return;
                }
            }
        }
    }

    private InputStream decompressed(InputStream raw) throws IOException {
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        if (first == 0x1f && second == 0x8b) {
            return new GzipCompressorInputStream(raw, true);
        }
        return raw;
    }

    private InputStream boundedTotal(InputStream in) {
        return new BoundedInputStream(in, limits.maxTotalBytes());
    }

    /** The entry name without a leading {@code ./}; absolute names and {@code ..} components are refused. */
    static String checkedName(String rawName) throws IOException {
        String name = rawName;
        if (name.startsWith("/")) {
            throw new IOException("entry " + rawName + " has an absolute path");
        }
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                throw new IOException("entry " + rawName + " leaves the archive root with ..");
            }
            if (part.indexOf('\0') >= 0) {
                throw new IOException("entry " + rawName + " has a NUL character in its name");
            }
        }
        return name;
    }

    private static void checkType(TarArchiveEntry entry, String name) throws IOException {
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new IOException("entry " + name + " is a device or FIFO");
        }
        if (entry.isSymbolicLink() || entry.isLink()) {
            String linkTarget = entry.getLinkName();
            if (linkTarget.startsWith("/")) {
                throw new IOException("link " + name + " points to the absolute path " + linkTarget);
            }
            String base = entry.isSymbolicLink() && name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
            int depth = base.isEmpty() ? 0 : base.split("/").length;
            for (String part : linkTarget.split("/")) {
                if (part.equals("..")) {
                    depth--;
                } else if (!part.isEmpty() && !part.equals(".")) {
                    depth++;
                }
                if (depth < 0) {
                    throw new IOException("link " + name + " points outside the archive: " + linkTarget);
                }
            }
        }
    }

    private static boolean isNeeded(String name) {
        return name.equals("oci-layout") || name.equals("index.json") || BLOB.matcher(name).matches();
    }

    private static void write(InputStream tar, Path file, long size, String name) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[8192];
            long remaining = size;
            while (remaining > 0) {
                int n = tar.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("entry " + name + " is truncated");
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
        }
    }
}
