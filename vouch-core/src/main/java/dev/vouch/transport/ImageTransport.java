package dev.vouch.transport;

/**
 * A way of naming and reading images: {@code docker}, {@code dir}, {@code oci}, ... (containers-transports(5)).
 * A transport parses the part of an image name after {@code NAME:} and says which policy scopes are valid for it.
 */
public interface ImageTransport {

    /** The name before the colon, e.g. {@code dir}. */
    String name();

    /**
     * Parses the part of an image name after {@code name() + ":"}.
     *
     * @throws dev.vouch.reference.InvalidReferenceException saying what is wrong
     */
    TransportReference parseReference(String withinTransport);

    /**
     * Checks a non-empty policy scope of this transport (the empty scope is always valid).
     *
     * @throws InvalidScopeException saying what a valid scope looks like
     */
    void validatePolicyConfigurationScope(String scope) throws InvalidScopeException;
}
