package dev.vouch.image.docker;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.TransportReference;

/**
 * The {@code docker} transport: images in a registry, named {@code docker://[host[:port]/]path[:tag|@digest]}.
 * A name without tag or digest means {@code :latest}; a name with both is refused, as containers/image does.
 */
public final class DockerTransport implements ImageTransport {
    public static final DockerTransport INSTANCE = new DockerTransport();

    private DockerTransport() {
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public TransportReference parseReference(String withinTransport) {
        if (!withinTransport.startsWith("//")) {
            throw new InvalidReferenceException("docker: image reference \"" + withinTransport
                    + "\" does not start with //");
        }
        ImageReference reference = ImageReference.parse(withinTransport.substring(2)).withDefaultTag();
        return DockerTransportReference.of(reference);
    }

    @Override
    public void validatePolicyConfigurationScope(String scope) throws InvalidScopeException {
        ScopeRules.forTransport(name()).orElseThrow().validate(scope);
    }
}
