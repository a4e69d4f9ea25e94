package dev.vouch.rollout;

import dev.vouch.reference.Digest;
import dev.vouch.store.RolloutResult;
import dev.vouch.stream.StreamTagName;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of rolling one digest of a tag out to one manifest file.
 *
 * @param tag the tag
 * @param digest the digest rolled out
 * @param path the file, relative to the target
 * @param result how it ended
 * @param commit the commit that holds the change, if one was made
 * @param problem why it failed, if it did
 */
public record RolloutOutcome(StreamTagName tag, Digest digest, String path, RolloutResult result,
                             Optional<String> commit, Optional<String> problem) {
    public RolloutOutcome {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(problem, "problem");
    }
}
