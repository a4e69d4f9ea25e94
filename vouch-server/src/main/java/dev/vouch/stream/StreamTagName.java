package dev.vouch.stream;

import java.util.Objects;
import java.util.Optional;

/**
 * One tag of one stream, written {@code STREAM:TAG} as in OpenShift's {@code ImageStreamTag} names.
 *
 * @param stream a valid stream name ({@link StreamNames})
 * @param tag a valid tag name
 */
public record StreamTagName(String stream, String tag) {

    public StreamTagName {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(tag, "tag");
        StreamNames.streamNameProblem(stream).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        StreamNames.tagNameProblem(tag).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Parses {@code STREAM:TAG}; both parts are required. */
    public static StreamTagName parse(String text) {
        Selector selector = Selector.parse(text);
        return new StreamTagName(selector.stream(), selector.tag().orElseThrow(() ->
                new IllegalArgumentException("\"" + text + "\" names no tag; expected STREAM:TAG")));
    }

    @Override
    public String toString() {
        return stream + ":" + tag;
    }

    /**
     * {@code STREAM} (every tag of the stream) or {@code STREAM:TAG}.
     *
     * @param stream a valid stream name
     * @param tag a valid tag name, or empty for all the stream's tags
     */
    public record Selector(String stream, Optional<String> tag) {

        public Selector {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(tag, "tag");
        }

        /** Parses {@code STREAM[:TAG]}. */
        public static Selector parse(String text) {
            int colon = text.indexOf(':');
            String stream = colon < 0 ? text : text.substring(0, colon);
            Optional<String> tag = colon < 0 ? Optional.empty() : Optional.of(text.substring(colon + 1));
            StreamNames.streamNameProblem(stream).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            tag.flatMap(StreamNames::tagNameProblem).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            return new Selector(stream, tag);
        }

        public boolean matches(StreamTagName name) {
            return name.stream().equals(stream) && tag.map(name.tag()::equals).orElse(true);
        }

        @Override
        public String toString() {
            return stream + tag.map(t -> ":" + t).orElse("");
        }
    }
}
