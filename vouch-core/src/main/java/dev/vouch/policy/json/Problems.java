package dev.vouch.policy.json;

import dev.vouch.policy.PolicyError;
import java.util.List;

/** The errors found so far while checking one document, in the order found. */
final class Problems {
    private final List<PolicyError> errors;

    Problems(List<PolicyError> errors) {
        this.errors = errors;
    }

    void add(String path, String message) {
        errors.add(new PolicyError(path, message));
    }

    /** A mark to ask later whether anything was added since. */
    int mark() {
        return errors.size();
    }

    boolean addedSince(int mark) {
        return errors.size() > mark;
    }
}
