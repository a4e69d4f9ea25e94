package dev.vouch.image.oci;

import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.TransportReference;

/**
 * The {@code oci} transport: an image in an OCI image layout directory, named {@code oci:PATH[:IMAGE]} where IMAGE
 * is the {@code org.opencontainers.image.ref.name} annotation of an {@code index.json} entry.
 */
public final class OciTransport implements ImageTransport {
    public static final OciTransport INSTANCE = new OciTransport();

    private OciTransport() {
    }

    @Override
    public String name() {
        return "oci";
    }

    @Override
    public TransportReference parseReference(String withinTransport) {
        return OciReference.of(withinTransport);
    }

    @Override
    public void validatePolicyConfigurationScope(String scope) throws InvalidScopeException {
        ScopeRules.forTransport(name()).orElseThrow().validate(scope);
    }
}
