package dev.vouch.image.ociarchive;

import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.TransportReference;

/** The {@code oci-archive} transport: a tar of an OCI image layout, named {@code oci-archive:PATH[:IMAGE]}. */
public final class OciArchiveTransport implements ImageTransport {
    public static final OciArchiveTransport INSTANCE = new OciArchiveTransport();

    private OciArchiveTransport() {
    }

    @Override
    public String name() {
        return "oci-archive";
    }

    @Override
    public TransportReference parseReference(String withinTransport) {
        return OciArchiveReference.of(withinTransport);
    }

    @Override
    public void validatePolicyConfigurationScope(String scope) throws InvalidScopeException {
        ScopeRules.forTransport(name()).orElseThrow().validate(scope);
    }
}
