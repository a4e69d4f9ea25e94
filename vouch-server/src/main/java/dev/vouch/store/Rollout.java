package dev.vouch.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt to roll a tag's digest out to a target, as the target recorded it.
 *
 * @param target the target's name, as configured (e.g. a Git target's name)
 * @param result how it ended
 * @param ref what the target made of it, e.g. a commit id, empty if nothing was written
 * @param message details for people (e.g. why it failed); empty if none
 * @param time when it ended
 */
public record Rollout(String target, RolloutResult result, Optional<String> ref, Optional<String> message,
                      Instant time) {

    public Rollout {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
        if (target.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs a target name");
        }
    }
}
