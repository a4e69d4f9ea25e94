package dev.vouch.transport;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The policy scope syntax of every transport containers/image knows, including those vouch cannot read images
 * from: a policy.json written for podman or CRI-O must be validated the same way here.
 */
public final class ScopeRules {
    /** {@code hostname[:port][/namespace[/imagestream[:tag]]]} for the OpenShift {@code atomic} transport. */
    private static final Pattern ATOMIC_SCOPE = Pattern.compile("[^/]*(/[^:/]*(/[^:/]*(:[^:/]*)?)?)?");

    private static final Map<String, ScopeValidator> VALIDATORS = Map.of(
            "docker", scope -> { },
            "atomic", ScopeRules::validateAtomic,
            "dir", PathScopes::validate,
            "oci", PathScopes::validateWithOptionalSuffix,
            "oci-archive", PathScopes::validateWithOptionalSuffix,
            "sif", PathScopes::validate,
            "docker-archive", scope -> onlyDefault("docker-archive"),
            "tarball", scope -> onlyDefault("tarball"),
            "docker-daemon", scope -> onlyDefault("docker-daemon"),
            "containers-storage", StorageScope::validate);

    private ScopeRules() {
    }

    /** The scope rules of transport {@code name}; empty for a transport containers/image does not know. */
    public static Optional<ScopeValidator> forTransport(String name) {
        return Optional.ofNullable(VALIDATORS.get(name));
    }

    private static void validateAtomic(String scope) throws InvalidScopeException {
        if (!ATOMIC_SCOPE.matcher(scope).matches()) {
            throw new InvalidScopeException("invalid atomic scope \"" + scope
                    + "\": expected hostname[:port][/namespace[/imagestream[:tag]]]");
        }
    }

    private static void onlyDefault(String transport) throws InvalidScopeException {
        throw new InvalidScopeException(transport + ": does not support any scopes except the default \"\" one");
    }
}
