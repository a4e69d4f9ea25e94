package dev.vouch.image.dir;

import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.PathScopes;
import dev.vouch.transport.TransportReference;

/**
 * The {@code dir} transport: an image stored as files in a directory ({@code manifest.json}, blobs named by their
 * digest, {@code signature-1}, {@code signature-2}, ...), named {@code dir:PATH}.
 */
public final class DirTransport implements ImageTransport {
    public static final DirTransport INSTANCE = new DirTransport();

    private DirTransport() {
    }

    @Override
    public String name() {
        return "dir";
    }

    @Override
    public TransportReference parseReference(String withinTransport) {
        return DirReference.of(withinTransport);
    }

    @Override
    public void validatePolicyConfigurationScope(String scope) throws InvalidScopeException {
        PathScopes.validate(scope);
    }
}
