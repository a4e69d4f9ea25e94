package dev.vouch.registry;

/**
 * No HTTP answer came from the registry: the connection was refused or reset, timed out, or TLS failed. Unlike a
 * {@link RegistryResponseException}, nothing is known about what the registry would have answered.
 */
public final class RegistryUnreachableException extends RegistryException {

    public RegistryUnreachableException(String registry, String repository, String message, Throwable cause) {
        super(registry, repository, message, cause);
    }
}
