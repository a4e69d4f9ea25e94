package dev.vouch.policy;

import java.util.List;
import java.util.Optional;

/**
 * A policy file (or text) is not a valid containers-policy.json. Carries every problem found, each with its JSON
 * path; {@link #getMessage()} names the file (if any), the first problem and how many others there are.
 */
public class InvalidPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Optional<String> source;
    private final transient List<PolicyError> errors;

    /** @param source the file name, if the policy came from a file */
    public InvalidPolicyException(Optional<String> source, List<PolicyError> errors) {
        super(summary(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** One problem, no file. */
    public InvalidPolicyException(String path, String message) {
        this(Optional.empty(), List.of(new PolicyError(path, message)));
    }

    private static String summary(Optional<String> source, List<PolicyError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid policy needs at least one error");
        }
        StringBuilder out = new StringBuilder("invalid policy");
        source.ifPresent(s -> out.append(" in \"").append(s).append('"'));
        out.append(": ").append(errors.get(0));
        if (errors.size() > 1) {
            out.append(" (and ").append(errors.size() - 1).append(errors.size() == 2 ? " more error)" : " more errors)");
        }
        return out.toString();
    }

    /** The file the policy was read from, if any. */
    public Optional<String> source() {
        return source;
    }

    /** Every problem found, in document order (at least one). */
    public List<PolicyError> errors() {
        return errors;
    }
}
