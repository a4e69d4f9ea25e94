package dev.vouch.manifests;

import dev.vouch.trigger.Trigger;

/**
 * A trigger of a workload together with the container it sets: what a rollout acts on. Paused triggers are bindings
 * too ({@code trigger().paused()}); deciding to skip them is the caller's.
 */
public record TriggerBinding(Workload workload, Trigger trigger, Container container) {

    /** The edit that sets this binding's container to {@code image}. */
    public ImageUpdate update(String image) {
        return new ImageUpdate(workload.id(), trigger.fieldPath(), image);
    }
}
