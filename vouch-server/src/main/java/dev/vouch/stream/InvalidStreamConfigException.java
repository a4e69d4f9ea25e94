package dev.vouch.stream;

import java.util.List;

/**
 * A {@code vouch.yaml} that cannot be used. {@link #problems()} lists every problem found, each naming the file and
 * the path of the offending field ({@code vouch.yaml: streams[0].tags[1].from: ...}); the message joins them.
 */
public final class InvalidStreamConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidStreamConfigException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, mapping by mapping, each mapping's unknown and duplicate keys first. */
    public List<String> problems() {
        return problems;
    }
}
