package dev.vouch.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the small files of local image layouts with a size limit: a missing file is empty; any other failure,
 * and a file over the limit, is an {@link IOException} naming the image and the file.
 */
public final class BoundedFiles {
    private BoundedFiles() {
    }

    /** The content of {@code file}, at most {@code limit} bytes; {@code image} names the image in messages. */
    public static Optional<byte[]> read(Path file, int limit, String image) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("reading " + image + ": " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (bytes.length > limit) {
            throw new IOException("reading " + image + ": " + file + " is larger than the limit of " + limit + " bytes");
        }
        return Optional.of(bytes);
    }
}
