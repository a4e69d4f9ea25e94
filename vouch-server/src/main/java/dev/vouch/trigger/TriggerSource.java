package dev.vouch.trigger;

/**
 * What a trigger follows: the {@code from} of an annotation entry. {@code ImageStreamTag} names a vouch image stream
 * tag ({@code stream:tag}); {@code DockerImage} names a registry tag followed directly.
 */
public sealed interface TriggerSource permits ImageStreamTagSource, DockerImageSource {

    /** The {@code from.kind} value. */
    String kind();

    /** The {@code from.name} value, as written. */
    String name();
}
