package dev.vouch.registry;

/** The registry (or its token server) refused the credentials, or demanded some that were not given. */
public final class RegistryAuthenticationException extends RegistryException {

    public RegistryAuthenticationException(String registry, String repository, String message) {
        super(registry, repository, message);
    }
}
