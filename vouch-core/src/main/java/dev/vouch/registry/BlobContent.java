package dev.vouch.registry;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of a blob to upload: a file (streamed from disk, never read whole into memory) or a byte array. Either can
 * be sent again, which retries and redirects need.
 */
public final class BlobContent {
    private final Path file;
    private final byte[] bytes;
    private final long size;

    private BlobContent(Path file, byte[] bytes, long size) {
        this.file = file;
        this.bytes = bytes;
        this.size = size;
    }

    /** The content of {@code file}, read when sent. */
    public static BlobContent ofFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return new BlobContent(file, null, Files.size(file));
    }

    /** {@code bytes} (not copied: the caller must not change them). */
    public static BlobContent ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new BlobContent(null, bytes, bytes.length);
    }

    public long size() {
        return size;
    }

    HttpRequest.BodyPublisher publisher() throws IOException {
        if (bytes != null) {
            return HttpRequest.BodyPublishers.ofByteArray(bytes);
        }
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new IOException("reading " + file + ": no such file", e);
        }
    }

    @Override
    public String toString() {
        return file != null ? "BlobContent[" + file + "]" : "BlobContent[" + size + " bytes]";
    }
}
