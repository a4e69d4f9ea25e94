package dev.vouch.image.dir;

import dev.vouch.image.BoundedFiles;
import dev.vouch.io.VerifiedFiles;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code dir:} image: {@code manifest.json} (media type guessed from the content) and the signatures
 * {@code signature-1}, {@code signature-2}, ... up to the first missing file.
 */
final class DirImageSource implements ImageSource {
    private final DirReference reference;
    private List<String> signatureOrigins = List.of();

    DirImageSource(DirReference reference) {
        this.reference = reference;
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public UntrustedManifest manifest() throws IOException {
        Path file = reference.directory().resolve(DirLayout.MANIFEST);
        byte[] bytes = BoundedFiles.read(file, UntrustedManifest.MAX_BYTES, reference.displayName()).orElseThrow(() ->
                new IOException("reading " + reference.displayName() + ": " + file + " does not exist"));
        return new UntrustedManifest(bytes, MediaTypes.guess(bytes).orElse(""));
    }

    @Override
    public UntrustedManifest instanceManifest(Digest instance) throws IOException {
        Path file = DirLayout.manifestPath(reference.directory(), Optional.of(instance));
        byte[] bytes = BoundedFiles.read(file, UntrustedManifest.MAX_BYTES, reference.displayName()).orElseThrow(() ->
                new IOException("reading " + reference.displayName() + ": " + file + " does not exist"));
        if (!ManifestDigests.matches(bytes, instance)) {
            throw new IOException("reading " + reference.displayName() + ": " + file + " does not match its digest "
                    + instance);
        }
        return new UntrustedManifest(bytes, MediaTypes.guess(bytes).orElse(""));
    }

    @Override
    public List<UntrustedSignature> signatures() throws IOException {
        return signatures(Optional.empty());
    }

    @Override
    public List<UntrustedSignature> instanceSignatures(Digest instance) throws IOException {
        return signatures(Optional.of(instance));
    }

    @Override
    public long fetchBlob(Digest digest, Path target) throws IOException {
        Path file = DirLayout.blobPath(reference.directory(), digest);
        try (InputStream in = Files.newInputStream(file)) {
            return VerifiedFiles.write(in, digest, target, Long.MAX_VALUE);
        } catch (NoSuchFileException e) {
            throw new IOException("reading " + reference.displayName() + ": blob " + file + " does not exist", e);
        } catch (VerifiedFiles.DigestMismatchException e) {
            throw new IOException("reading " + reference.displayName() + ": blob " + file
                    + " does not match its digest " + digest, e);
        }
    }

    private List<UntrustedSignature> signatures(Optional<Digest> instance) throws IOException {
        List<UntrustedSignature> signatures = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        signatureOrigins = origins;
        for (int n = 1; n <= DirLayout.MAX_SIGNATURES + 1; n++) {
            Path file = DirLayout.signaturePath(reference.directory(), instance, n);
            Optional<byte[]> blob = BoundedFiles.read(file, SignatureEnvelope.MAX_BLOB_BYTES, reference.displayName());
            if (blob.isEmpty()) {
                return signatures;
            }
            if (n > DirLayout.MAX_SIGNATURES) {
                throw new IOException("reading " + reference.displayName() + ": more than " + DirLayout.MAX_SIGNATURES
                        + " signatures");
            }
            try {
                signatures.add(SignatureEnvelope.decode(blob.get()));
                origins.add(file.toString());
            } catch (InvalidSignatureException e) {
                throw new IOException("reading " + reference.displayName() + ": parsing signature " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return signatures;
    }

    @Override
    public void close() {
    }

    @Override
    public List<String> signatureOrigins() {
        return List.copyOf(signatureOrigins);
    }
}
