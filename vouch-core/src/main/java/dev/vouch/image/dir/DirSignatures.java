package dev.vouch.image.dir;

import dev.vouch.image.BoundedFiles;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Adds signatures to a {@code dir:} image. The directory must be one containers/image wrote: its {@code version}
 * file holds exactly {@code Directory Transport Version: 1.1} and a newline (the rule the reference applies before
 * writing into a non-empty directory), and it has a {@code manifest.json}.
 */
public final class DirSignatures {
    private DirSignatures() {
    }

    /**
     * Stores {@code signature} as {@code signature-N} for the first N (from 1) that does not exist, atomically: the
     * blob is written to a temporary file, then linked to its final name, which never replaces an existing file.
     *
     * @return the file written
     */
    public static Path add(Path directory, UntrustedSignature signature) throws IOException {
        String image = "dir:" + directory;
        checkIsImageDirectory(directory, image);
        byte[] blob = SignatureEnvelope.encode(signature);
        Path temporary = Files.createTempFile(directory, ".vouch-signature-", ".tmp");
        try {
            Files.write(temporary, blob);
            for (int n = 1; n <= DirLayout.MAX_SIGNATURES; n++) {
                Path target = DirLayout.signaturePath(directory, n);
                if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    Files.createLink(target, temporary);
                    return target;
                } catch (FileAlreadyExistsException raced) {
                    // another writer took this N; try the next one
                }
            }
            throw new IOException("writing to " + image + ": it already has " + DirLayout.MAX_SIGNATURES
                    + " signatures");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("writing to ")) {
                throw e;
            }
            throw new IOException("writing a signature to " + image + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void checkIsImageDirectory(Path directory, String image) throws IOException {
        Path versionFile = directory.resolve(DirLayout.VERSION);
        Optional<byte[]> version = BoundedFiles.read(versionFile, 1024, image);
        if (version.isEmpty()
                || !new String(version.get(), StandardCharsets.UTF_8).equals(DirLayout.VERSION_CONTENT)) {
            throw new IOException("writing to " + image + ": " + versionFile + " does not say \""
                    + DirLayout.VERSION_CONTENT.strip() + "\"; not a containers image directory");
        }
        if (!Files.isRegularFile(directory.resolve(DirLayout.MANIFEST))) {
            throw new IOException("writing to " + image + ": " + directory.resolve(DirLayout.MANIFEST)
                    + " does not exist");
        }
    }
}
