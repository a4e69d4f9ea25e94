package dev.vouch.store;

import dev.vouch.reference.Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An import that could not reach a verdict (the registry was unreachable, answered with an error, the tag was
 * missing): nothing was decided about any digest and the tag's current digest stayed.
 *
 * @param time when it failed
 * @param digest the digest being verified when it failed, empty if the tag could not be resolved
 * @param error what went wrong
 */
public record ImportFailure(Instant time, Optional<Digest> digest, String error) {

    public ImportFailure {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(error, "error");
    }
}
