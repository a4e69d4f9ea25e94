package dev.vouch.trigger;

import java.util.Objects;

/**
 * One entry of the trigger annotation: when {@code from} moves to a new (verified) image, write it to the container
 * image named by {@code fieldPath}, unless {@code paused}.
 */
public record Trigger(TriggerSource from, FieldPath fieldPath, boolean paused) {

    public Trigger {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(fieldPath, "fieldPath");
    }

    public Trigger withPaused(boolean newPaused) {
        return new Trigger(from, fieldPath, newPaused);
    }
}
