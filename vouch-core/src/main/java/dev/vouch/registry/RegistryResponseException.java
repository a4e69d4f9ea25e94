package dev.vouch.registry;

/** The registry answered with a status code that the request does not allow. */
public final class RegistryResponseException extends RegistryException {
    private final int statusCode;

    public RegistryResponseException(String registry, String repository, String message, int statusCode) {
        super(registry, repository, message);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
