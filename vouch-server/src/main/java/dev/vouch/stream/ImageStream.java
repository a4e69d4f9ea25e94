package dev.vouch.stream;

import java.util.List;
import java.util.Objects;

/**
 * A named set of followed tags.
 *
 * @param name a valid stream name ({@link StreamNames})
 * @param tags its tags, in configuration order, with distinct names, all of this stream
 */
public record ImageStream(String name, List<StreamTag> tags) {

    public ImageStream {
        Objects.requireNonNull(name, "name");
        tags = List.copyOf(tags);
        for (StreamTag tag : tags) {
            if (!tag.name().stream().equals(name)) {
                throw new IllegalArgumentException("tag " + tag.name() + " is not in stream " + name);
            }
        }
        if (tags.stream().map(t -> t.name().tag()).distinct().count() != tags.size()) {
            throw new IllegalArgumentException("stream " + name + " names a tag twice");
        }
    }
}
