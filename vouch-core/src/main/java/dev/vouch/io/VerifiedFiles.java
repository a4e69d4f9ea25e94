package dev.vouch.io;

import dev.vouch.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes content that must hash to a known digest: it is streamed (never held in memory) to a temporary file beside the
 * target, and renamed to the target only if its digest matches; otherwise the temporary file is deleted and the
 * target is left as it was.
 */
public final class VerifiedFiles {
    private VerifiedFiles() {
    }

    /** Thrown when the content does not hash to the expected digest. */
    public static final class DigestMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        public DigestMismatchException(String message) {
            super(message);
        }
    }

    /**
     * Copies {@code in} (at most {@code maxBytes}) to {@code target} if it hashes to {@code digest}; returns its size.
     *
     * @throws DigestMismatchException if it does not
     * @throws LimitExceededException if it is longer than {@code maxBytes}
     */
    public static long write(InputStream in, Digest digest, Path target, long maxBytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            MessageDigest hash = digest.algorithm().newMessageDigest();
            long size;
            try (InputStream hashed = new DigestInputStream(new BoundedInputStream(in, maxBytes), hash);
                 OutputStream out = Files.newOutputStream(temporary)) {
                size = hashed.transferTo(out);
            }
            if (!MessageDigest.isEqual(hash.digest(), HexFormat.of().parseHex(digest.encoded()))) {
                throw new DigestMismatchException("the content does not match its digest " + digest);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            return size;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
