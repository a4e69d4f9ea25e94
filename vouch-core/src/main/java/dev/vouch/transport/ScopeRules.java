package dev.vouch.transport;

import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
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

    private static final Map<String, ScopeValidator> VALIDATORS = Map.ofEntries(
            Map.entry("docker", scope -> { }),
            Map.entry("atomic", ScopeRules::validateAtomic),
            Map.entry("dir", PathScopes::validate),
            Map.entry("oci", PathScopes::validateWithOptionalSuffix),
            Map.entry("oci-archive", PathScopes::validateWithOptionalSuffix),
            Map.entry("sif", PathScopes::validate),
            Map.entry("docker-archive", scope -> onlyDefault("docker-archive")),
            Map.entry("tarball", scope -> onlyDefault("tarball")),
            Map.entry("docker-daemon", ScopeRules::validateDockerDaemon),
            Map.entry("ostree", ScopeRules::validateOstree),
            Map.entry("containers-storage", StorageScope::validate));

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

    /** Image IDs cannot be namespaced: any scope except an {@code algorithm:hex} digest. */
    private static void validateDockerDaemon(String scope) throws InvalidScopeException {
        try {
            Digest.parse(scope);
        } catch (InvalidReferenceException e) {
            return;
        }
        throw new InvalidScopeException("docker-daemon: cannot use the digest " + scope + " as a namespace");
    }

    /** {@code /absolute/repo:image}, the repository path in canonical form. */
    private static void validateOstree(String scope) throws InvalidScopeException {
        int colon = scope.indexOf(':');
        if (colon < 0) {
            throw new InvalidScopeException("invalid ostree scope \"" + scope + "\": must include a repository, "
                    + "as /path/to/repo:image");
        }
        String repository = scope.substring(0, colon);
        if (!repository.startsWith("/")) {
            throw new InvalidScopeException("invalid ostree scope \"" + scope
                    + "\": the repository must be an absolute path");
        }
        String cleaned = PathScopes.clean(repository);
        if (!cleaned.equals(repository)) {
            throw new InvalidScopeException("invalid ostree scope \"" + scope
                    + "\": uses a non-canonical path, perhaps try " + cleaned);
        }
    }

    private static void onlyDefault(String transport) throws InvalidScopeException {
        throw new InvalidScopeException(transport + ": does not support any scopes except the default \"\" one");
    }
}
