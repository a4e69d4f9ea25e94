package dev.vouch.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a policy lookup: the transport of the image, the scope that matched ({@code ""} is the
 * transport's default scope; empty means the global {@code default}), and that scope's requirements.
 */
public record ScopeMatch(String transport, Optional<String> scope, List<PolicyRequirement> requirements) {

    public ScopeMatch {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(scope, "scope");
        requirements = List.copyOf(requirements);
    }

    /** Whether the global {@code default} applied (no scope of the transport matched). */
    public boolean isGlobalDefault() {
        return scope.isEmpty();
    }

    /** Where the requirements come from, as a JSON path: {@code transports.docker["quay.io/x"]} or {@code default}. */
    public String describe() {
        return scope.map(s -> "transports." + transport + "[\"" + s + "\"]").orElse("default");
    }
}
