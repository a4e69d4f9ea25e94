package dev.vouch.stream;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of streams and tags, with OpenShift's rules: a stream is named like a Kubernetes object (a DNS-1123
 * subdomain: lowercase letters, digits, {@code -} and {@code .}, starting and ending with a letter or digit, at
 * most 253 characters); a tag as in image references ({@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}).
 */
public final class StreamNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_STREAM_NAME = 253;

    private StreamNames() {
    }

    /** Why {@code name} is not a valid stream name, or empty if it is. */
    public static Optional<String> streamNameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("a stream name must not be empty");
        }
        if (name.length() > MAX_STREAM_NAME) {
            return Optional.of("stream name is longer than " + MAX_STREAM_NAME + " characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return Optional.of("invalid stream name \"" + name + "\": lowercase letters, digits, '-' and '.'"
                        + " only, starting and ending with a letter or digit (a DNS-1123 subdomain)");
            }
        }
        return Optional.empty();
    }

    /** Why {@code name} is not a valid tag name, or empty if it is. */
    public static Optional<String> tagNameProblem(String name) {
        if (!TAG.matcher(name).matches()) {
            return Optional.of("invalid tag name \"" + name + "\": 1 to 128 of letters, digits, '_', '.' and '-',"
                    + " not starting with '.' or '-'");
        }
        return Optional.empty();
    }
}
