package dev.vouch.registriesd;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Reads signature blobs from a lookaside store. Implementations are named after their scheme ({@link FileLookaside}
 * for {@code file:}; an HTTP one reads {@code http:} and {@code https:}).
 */
public interface LookasideReader {

    /** Whether this reader handles {@code location}'s scheme. */
    boolean supports(URI location);

    /**
     * The blob at {@code location}, or empty if it does not exist (which ends a signature sequence). Any other
     * failure, including a blob over {@link dev.vouch.signature.SignatureEnvelope#MAX_BLOB_BYTES}, is an
     * {@link IOException} naming the location.
     */
    Optional<byte[]> read(URI location) throws IOException;
}
