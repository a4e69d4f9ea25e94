package dev.vouch.store;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a tag stands.
 *
 * @param tag the tag
 * @param current the digest the tag currently resolves to for rollouts: always an accepted digest; empty until one is
 * @param pinned whether {@code current} is pinned by {@code vouch rollout undo}: imports do not move it
 * @param observed the digest the source pointed at when last imported, accepted or not
 */
public record TagState(StreamTagName tag, Optional<Digest> current, boolean pinned, Optional<Digest> observed) {

    public TagState {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(observed, "observed");
    }

    /** A tag never imported. */
    public static TagState empty(StreamTagName tag) {
        return new TagState(tag, Optional.empty(), false, Optional.empty());
    }
}
