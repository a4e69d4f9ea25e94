package dev.vouch.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * One followed tag of a stream.
 *
 * @param name {@code STREAM:TAG}
 * @param from the image the tag follows
 * @param importInterval how often the tag is imported on schedule (at least {@link #MIN_IMPORT_INTERVAL})
 * @param paused whether imports are suspended: the tag keeps its current digest and is not imported, on schedule or
 *     on demand, until unpaused
 */
public record StreamTag(StreamTagName name, TagSource from, Duration importInterval, boolean paused) {
    public static final Duration DEFAULT_IMPORT_INTERVAL = Duration.ofMinutes(15);
    public static final Duration MIN_IMPORT_INTERVAL = Duration.ofSeconds(30);

    public StreamTag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(importInterval, "importInterval");
        if (importInterval.compareTo(MIN_IMPORT_INTERVAL) < 0) {
            throw new IllegalArgumentException("importInterval must be at least "
                    + Durations.format(MIN_IMPORT_INTERVAL) + ", got " + Durations.format(importInterval));
        }
    }
}
