package dev.vouch.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Conditions as Kubernetes shows them: one per type, {@code True} or {@code False}, with a reason in CamelCase and a
 * message for people. As {@code meta.SetStatusCondition} does, the transition time moves only when the status flips.
 */
final class Conditions {
    static final String READY = "Ready";
    static final String IMPORT_FAILING = "ImportFailing";
    static final String PINNED = "Pinned";
    /** The longest message kept; longer ones (an import error can quote a server) are cut. */
    static final int MAX_MESSAGE = 1024;

    /**
     * One condition.
     *
     * @param lastTransitionTime when {@code status} last changed
     */
    record Condition(String type, boolean status, String reason, String message, Instant lastTransitionTime) {
        Condition {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
        }
    }

    private final List<Condition> all = new ArrayList<>();

    List<Condition> all() {
        return List.copyOf(all);
    }

    Optional<Condition> get(String type) {
        return all.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    boolean isTrue(String type) {
        return get(type).map(Condition::status).orElse(false);
    }

    /** Adds a condition as read from the status (its transition time as stored). */
    void add(Condition condition) {
        all.removeIf(c -> c.type().equals(condition.type()));
        all.add(condition);
    }

    void set(String type, boolean status, String reason, String message, Instant time) {
        Optional<Condition> old = get(type);
        Instant transition = old.filter(c -> c.status() == status).map(Condition::lastTransitionTime).orElse(time);
        String shown = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        Condition condition = new Condition(type, status, reason, shown, transition);
        if (old.isPresent()) {
            all.set(all.indexOf(old.get()), condition);
        } else {
            all.add(condition);
        }
    }
}
