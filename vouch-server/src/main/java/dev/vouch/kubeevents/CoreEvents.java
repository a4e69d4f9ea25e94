package dev.vouch.kubeevents;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A core/v1 Event on one object, as {@code kubectl describe} shows it: source and reporting component
 * {@value #COMPONENT}, count 1, first and last seen now, the message cut to {@value #MAX_MESSAGE} characters.
 */
public final class CoreEvents {
    /** The Event source and reporting component. */
    public static final String COMPONENT = "vouch";
    /** The longest message written; a longer one is cut and ends with {@code ...}. */
    public static final int MAX_MESSAGE = 1024;

    private CoreEvents() {
    }

    /**
     * The object an Event is about.
     *
     * @param uid empty for an object that does not exist yet (admission of a CREATE)
     * @param resourceVersion the version the Event is about, if known
     */
    public record Subject(String apiVersion, String kind, String namespace, String name, Optional<String> uid,
                          Optional<String> resourceVersion) {
        public Subject {
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(resourceVersion, "resourceVersion");
        }
    }

    /** {@code message}, cut to {@value #MAX_MESSAGE} characters. */
    public static String bounded(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    }

    /** A new Event's name: the object's name and a random part, as the API server's recorders name them. */
    public static String newName(Subject subject) {
        return subject.name() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /**
     * The Event named {@code name} on {@code subject}.
     *
     * @param type {@code Normal} or {@code Warning}
     */
    public static Event event(Subject subject, String name, String type, String reason, String message,
                              Instant now) {
        String time = now.toString();
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(subject.namespace()).endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(subject.apiVersion())
                .withKind(subject.kind())
                .withNamespace(subject.namespace())
                .withName(subject.name())
                .withUid(subject.uid().orElse(null))
                .withResourceVersion(subject.resourceVersion().orElse(null))
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(bounded(message))
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
    }
}
