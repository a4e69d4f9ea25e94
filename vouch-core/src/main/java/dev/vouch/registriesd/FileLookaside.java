package dev.vouch.registriesd;

import dev.vouch.io.AtomicFiles;
import dev.vouch.reference.Digest;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/** A lookaside store on the local file system ({@code file:} URLs): reading, and adding signatures. */
public final class FileLookaside implements LookasideReader {
    public static final FileLookaside INSTANCE = new FileLookaside();

    private FileLookaside() {
    }

    @Override
    public boolean supports(URI location) {
        return "file".equalsIgnoreCase(location.getScheme());
    }

    @Override
    public Optional<byte[]> read(URI location) throws IOException {
        Path file = path(location);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(SignatureEnvelope.MAX_BLOB_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("reading signature " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (bytes.length > SignatureEnvelope.MAX_BLOB_BYTES) {
            throw new IOException("reading signature " + file + ": larger than the limit of "
                    + SignatureEnvelope.MAX_BLOB_BYTES + " bytes");
        }
        return Optional.of(bytes);
    }

    /**
     * Stores {@code signature} for {@code manifestDigest} under {@code repositoryBase} (a {@code file:} URL, from
     * {@link LookasidePaths#repositoryBase} of the write base) at the first free {@code signature-N}, atomically: a
     * temporary file is linked to its final name, which never replaces an existing file.
     *
     * @return the file written
     */
    public static Path add(URI repositoryBase, Digest manifestDigest, UntrustedSignature signature)
            throws IOException {
        if (!INSTANCE.supports(repositoryBase)) {
            throw new IOException("writing signatures to " + repositoryBase + " is not supported: only file: URLs");
        }
        Path directory = path(LookasidePaths.signature(repositoryBase, manifestDigest, 1)).getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".vouch-signature-", ".tmp");
        try {
            Files.write(temporary, SignatureEnvelope.encode(signature));
            for (int n = 1; n <= LookasideSignatures.MAX_SIGNATURES; n++) {
                Path target = path(LookasidePaths.signature(repositoryBase, manifestDigest, n));
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    Files.createLink(target, temporary);
                    return target;
                } catch (FileAlreadyExistsException raced) {
                    // another writer took this N; try the next one
                }
            }
            throw new IOException("writing a signature to " + directory + ": it already has "
                    + LookasideSignatures.MAX_SIGNATURES + " signatures");
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Makes {@code signatures} the signatures of {@code manifestDigest} under {@code repositoryBase}, as
     * containers/image writes a lookaside store: {@code signature-1} ... {@code signature-N} are each replaced
     * (atomically, one at a time), then {@code signature-N+1}, ... are deleted up to the first missing one.
     * {@code http(s)} locations are refused: a web server's store is written through its staging directory.
     */
    public static void replace(URI repositoryBase, Digest manifestDigest, List<UntrustedSignature> signatures)
            throws IOException {
        if (!INSTANCE.supports(repositoryBase)) {
            String scheme = repositoryBase.getScheme();
            if ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) {
                throw new IOException("writing directly to a " + scheme + " lookaside " + repositoryBase
                        + " is not supported. Configure a lookaside-staging: location");
            }
            throw new IOException("unsupported scheme when writing signature to " + repositoryBase);
        }
        if (signatures.size() > LookasideSignatures.MAX_SIGNATURES) {
            throw new IOException("writing signatures to " + repositoryBase + ": more than "
                    + LookasideSignatures.MAX_SIGNATURES + " signatures");
        }
        Path directory = path(LookasidePaths.signature(repositoryBase, manifestDigest, 1)).getParent();
        Files.createDirectories(directory);
        for (int i = 0; i < signatures.size(); i++) {
            AtomicFiles.replace(path(LookasidePaths.signature(repositoryBase, manifestDigest, i + 1)),
                    SignatureEnvelope.encode(signatures.get(i)), PosixFilePermissions.fromString("rw-r--r--"));
        }
        for (int n = signatures.size() + 1; ; n++) {
            if (!Files.deleteIfExists(path(LookasidePaths.signature(repositoryBase, manifestDigest, n)))) {
                return;
            }
        }
    }

    private static Path path(URI location) throws IOException {
        String path = location.getPath();
        if (path == null || !path.startsWith("/")) {
            throw new IOException("lookaside URL " + location + " has no absolute path");
        }
        return Path.of(path);
    }
}
