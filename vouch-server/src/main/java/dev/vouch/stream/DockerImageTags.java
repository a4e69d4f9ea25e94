package dev.vouch.stream;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.time.Duration;
import java.util.Optional;

/**
 * The tags {@code vouch serve} follows for {@code DockerImage} triggers: a registry tag followed directly, without a
 * stream in {@code vouch.yaml}, still has a {@link StreamTagName} so that its history, pins and rollouts are kept
 * like any other tag's. Its stream is {@value #STREAM}, a name {@code vouch.yaml} may not use, and its tag is the
 * normalized reference written with {@code /} as {@code _}, {@code :} as {@code _-} and {@code _} as {@code _.}:
 * {@code quay.io/team/app:1.4} is {@code dockerimage:quay.io_team_app_-1.4}, {@code localhost:5000/my_app:v1} is
 * {@code dockerimage:localhost_-5000_my_.app_-v1}. The mapping is one to one (a path component never starts with
 * {@code -} or {@code .}, so {@code _} followed by either is never a {@code /}), and the name can be decoded back.
 * Not followed directly, because their name cannot be written so: registries given as an IPv6 address and
 * references whose name would exceed a tag's 128 characters.
 */
public final class DockerImageTags {
    /** The stream of directly followed images, reserved in {@code vouch.yaml}. */
    public static final String STREAM = "dockerimage";

    private DockerImageTags() {
    }

    /** Why {@code reference} cannot be followed directly, or empty if it can. */
    public static Optional<String> problem(ImageReference reference) {
        if (reference.tag().isEmpty() || reference.digest().isPresent()) {
            return Optional.of("\"" + reference + "\" must name a tag to follow and no digest");
        }
        if (reference.domain().startsWith("[")) {
            return Optional.of("\"" + reference + "\": a registry given as an IPv6 address cannot be followed"
                    + " directly; follow it with a stream tag in vouch.yaml");
        }
        String encoded = encode(reference.toString());
        return StreamNames.tagNameProblem(encoded).map(p -> "\"" + reference + "\" is too long to be followed"
                + " directly (its name " + STREAM + ":" + encoded + " must be at most 128 characters after the"
                + " colon); follow it with a stream tag in vouch.yaml");
    }

    /**
     * The name of the tag following {@code reference} directly.
     *
     * @throws IllegalArgumentException if it cannot be followed directly ({@link #problem})
     */
    public static StreamTagName name(ImageReference reference) {
        problem(reference).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return new StreamTagName(STREAM, encode(reference.toString()));
    }

    /** Whether {@code name} is in the stream of directly followed images. */
    public static boolean isDirect(StreamTagName name) {
        return name.stream().equals(STREAM);
    }

    /**
     * The reference {@code name} follows: the inverse of {@link #name}.
     *
     * @throws IllegalArgumentException if {@code name} is not the name of a directly followed tag
     */
    public static ImageReference reference(StreamTagName name) {
        if (!isDirect(name)) {
            throw new IllegalArgumentException(name + " is not in stream " + STREAM);
        }
        String decoded = decode(name.tag());
        ImageReference reference;
        try {
            reference = ImageReference.parseNormalizedForm(decoded);
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException(name + " names no image followed directly (\"" + decoded + "\": "
                    + e.getMessage() + ")", e);
        }
        if (problem(reference).isPresent() || !name(reference).equals(name)) {
            throw new IllegalArgumentException(name + " names no image followed directly (expected "
                    + STREAM + ":HOST_REPO_-TAG, see vouch history " + STREAM + ")");
        }
        return reference;
    }

    /** The tag following {@code reference} directly, imported every {@code interval}, never paused. */
    public static StreamTag tag(ImageReference reference, Duration interval) {
        StreamTagName name = name(reference);
        return new StreamTag(name, new TagSource("docker://" + reference, DockerTransportReference.of(reference)),
                interval, false);
    }

    /** The tag named {@code name}, imported every {@code interval}: {@code tag(reference(name), interval)}. */
    public static StreamTag tag(StreamTagName name, Duration interval) {
        return tag(reference(name), interval);
    }

    /** The tag {@code name}, imported every {@code interval}, if it names an image followed directly; else empty. */
    public static Optional<StreamTag> find(StreamTagName name, Duration interval) {
        if (!isDirect(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(tag(reference(name), interval));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String encode(String reference) {
        StringBuilder out = new StringBuilder(reference.length() + 8);
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            switch (c) {
                case '/' -> out.append('_');
                case ':' -> out.append("_-");
                case '_' -> out.append("_.");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String decode(String tag) {
        StringBuilder out = new StringBuilder(tag.length());
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c != '_') {
                out.append(c);
                continue;
            }
            char next = i + 1 < tag.length() ? tag.charAt(i + 1) : 0;
            if (next == '-') {
                out.append(':');
                i++;
            } else if (next == '.') {
                out.append('_');
                i++;
            } else {
                out.append('/');
            }
        }
        return out.toString();
    }
}
