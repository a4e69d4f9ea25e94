package dev.vouch.policy;

import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.ScopeValidator;
import dev.vouch.transport.TransportReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A containers-policy.json: the global {@code default} requirements and, per transport name, requirements per
 * scope. Immutable; maps keep the order of the file. Every requirement list is non-empty and every scope is
 * valid for its transport (per {@link ScopeRules}; scopes of transports unknown to containers/image are not
 * checked, as the reference does not check them either).
 *
 * <p>Lookup ({@link #requirementsFor}) is a few hash-map probes per image: the image's policy identity, then each of
 * its namespaces, then the transport's default scope {@code ""}, then the global default.
 */
public final class Policy {
    private final List<PolicyRequirement> defaultRequirements;
    private final Map<String, Map<String, List<PolicyRequirement>>> transports;

    private Policy(List<PolicyRequirement> defaultRequirements,
                   Map<String, Map<String, List<PolicyRequirement>>> transports) {
        this.defaultRequirements = defaultRequirements;
        this.transports = transports;
    }

    /**
     * A policy from its parts (copied).
     *
     * @throws IllegalArgumentException for an empty requirement list or a scope invalid for its transport
     */
    public static Policy of(List<PolicyRequirement> defaultRequirements,
                            Map<String, ? extends Map<String, ? extends List<PolicyRequirement>>> transports) {
        List<PolicyRequirement> defaults = requirements(defaultRequirements, "default");
        Map<String, Map<String, List<PolicyRequirement>>> copy = new LinkedHashMap<>();
        transports.forEach((transport, scopes) -> {
            Objects.requireNonNull(transport, "transport name");
            Optional<ScopeValidator> validator = ScopeRules.forTransport(transport);
            Map<String, List<PolicyRequirement>> scopesCopy = new LinkedHashMap<>();
            scopes.forEach((scope, list) -> {
                Objects.requireNonNull(scope, "scope");
                if (!scope.isEmpty() && validator.isPresent()) {
                    try {
                        validator.get().validate(scope);
                    } catch (InvalidScopeException e) {
                        throw new IllegalArgumentException("transports." + transport + ": " + e.getMessage(), e);
                    }
                }
                scopesCopy.put(scope, requirements(list, "transports." + transport + "[\"" + scope + "\"]"));
            });
            copy.put(transport, Collections.unmodifiableMap(scopesCopy));
        });
        return new Policy(defaults, Collections.unmodifiableMap(copy));
    }

    /** A policy with only a global default. */
    public static Policy of(List<PolicyRequirement> defaultRequirements) {
        return of(defaultRequirements, Map.of());
    }

    private static List<PolicyRequirement> requirements(List<? extends PolicyRequirement> list, String where) {
        List<PolicyRequirement> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(where + ": the list of requirements must not be empty");
        }
        return copy;
    }

    /** The global {@code default} requirements (non-empty). */
    public List<PolicyRequirement> defaultRequirements() {
        return defaultRequirements;
    }

    /** Transport name to scope to requirements, in file order (unmodifiable). */
    public Map<String, Map<String, List<PolicyRequirement>>> transports() {
        return transports;
    }

    /** The requirements that apply to {@code image}: the most specific matching scope of its transport. */
    public ScopeMatch requirementsFor(TransportReference image) {
        return requirementsFor(image.transport().name(), image.policyConfigurationIdentity(),
                image.policyConfigurationNamespaces());
    }

    /**
     * The lookup of {@link #requirementsFor(TransportReference)} from its inputs: {@code identity}, then each of
     * {@code namespaces} in order, then the transport's {@code ""} scope, then the global default.
     */
    public ScopeMatch requirementsFor(String transport, String identity, List<String> namespaces) {
        Map<String, List<PolicyRequirement>> scopes = transports.get(transport);
        if (scopes != null) {
            List<PolicyRequirement> found = scopes.get(identity);
            if (found != null) {
                return new ScopeMatch(transport, Optional.of(identity), found);
            }
            for (int i = 0, n = namespaces.size(); i < n; i++) {
                String namespace = namespaces.get(i);
                found = scopes.get(namespace);
                if (found != null) {
                    return new ScopeMatch(transport, Optional.of(namespace), found);
                }
            }
            found = scopes.get("");
            if (found != null) {
                return new ScopeMatch(transport, Optional.of(""), found);
            }
        }
        return new ScopeMatch(transport, Optional.empty(), defaultRequirements);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Policy that && defaultRequirements.equals(that.defaultRequirements)
                && transports.equals(that.transports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaultRequirements, transports);
    }

    @Override
    public String toString() {
        return "Policy[default=" + defaultRequirements + ", transports=" + transports + "]";
    }
}
