package dev.vouch.store;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.util.Objects;
import java.util.Optional;

/**
 * A tag's current digest changed, as committed to the store.
 *
 * @param tag the tag
 * @param previous the digest it had before, empty if none was accepted yet
 * @param current the new current digest (an accepted one)
 * @param pinned whether the tag is now pinned to it
 */
public record CurrentChange(StreamTagName tag, Optional<Digest> previous, Digest current, boolean pinned) {

    public CurrentChange {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }
}
