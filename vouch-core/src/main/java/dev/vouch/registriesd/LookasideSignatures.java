package dev.vouch.registriesd;

import dev.vouch.reference.Digest;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSignature;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads all signatures of one manifest from a lookaside store: {@code signature-1}, {@code signature-2}, ... until
 * the first missing one, each decoded with {@link SignatureEnvelope#decode}. A blob that cannot be read or decoded
 * fails the whole read; it never means "no signatures".
 */
public final class LookasideSignatures {
    /** The most signatures read for one manifest (containers/image uses the same bound). */
    public static final int MAX_SIGNATURES = 128;

    private LookasideSignatures() {
    }

    /** The signatures of {@code manifestDigest} under {@code repositoryBase} ({@link LookasidePaths#repositoryBase}). */
    public static List<UntrustedSignature> read(LookasideReader reader, URI repositoryBase, Digest manifestDigest)
            throws IOException {
        List<UntrustedSignature> signatures = new ArrayList<>();
        for (int n = 1; ; n++) {
            URI location = LookasidePaths.signature(repositoryBase, manifestDigest, n);
            if (!reader.supports(location)) {
                throw new IOException("unsupported scheme when reading signature from " + location);
            }
            Optional<byte[]> blob = reader.read(location);
            if (blob.isEmpty()) {
                return signatures;
            }
            if (n > MAX_SIGNATURES) {
                throw new IOException("more than " + MAX_SIGNATURES + " signatures at " + repositoryBase);
            }
            try {
                signatures.add(SignatureEnvelope.decode(blob.get()));
            } catch (InvalidSignatureException e) {
                throw new IOException("parsing signature " + location + ": " + e.getMessage(), e);
            }
        }
    }
}
