package dev.vouch.registry;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure talking to a registry, with the registry and repository it concerns. Messages are for users and never
 * contain credentials or tokens.
 */
public class RegistryException extends IOException {
    private final String registry;
    private final String repository;

    public RegistryException(String registry, String repository, String message, Throwable cause) {
        super(message, cause);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.repository = repository;
    }

    public RegistryException(String registry, String repository, String message) {
        this(registry, repository, message, null);
    }

    /** The registry host, with its port if any. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry, if the failure concerns one. */
    public Optional<String> repository() {
        return Optional.ofNullable(repository);
    }
}
