package dev.vouch.image.atomic;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageTransport;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.TransportReference;

/**
 * The {@code atomic} transport of containers/image (its {@code openshift} package): an image stream tag of an
 * OpenShift cluster, named {@code atomic:HOST[:PORT]/NAMESPACE/STREAM:TAG}. As in containers/image the name is a
 * Docker reference (normalized: without a host it is on {@code docker.io}) whose path has exactly two components,
 * and it must carry a tag: a digest-only name ({@code @sha256:...}) is refused, and so is a name with both a tag and
 * a digest (containers/image accepts its grammar and then fails on its policy identity). There is no default tag.
 */
public final class AtomicTransport implements ImageTransport {
    public static final AtomicTransport INSTANCE = new AtomicTransport();
    private static final String EXPECTED = "expected format: 'hostname/namespace/stream:tag'";

    private AtomicTransport() {
    }

    @Override
    public String name() {
        return "atomic";
    }

    @Override
    public TransportReference parseReference(String withinTransport) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(withinTransport);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException("atomic: failed to parse image reference \"" + withinTransport
                    + "\": " + e.getMessage());
        }
        if (reference.tag().isEmpty()) {
            throw new InvalidReferenceException("atomic: invalid image reference " + withinTransport + ", "
                    + EXPECTED);
        }
        if (reference.digest().isPresent()) {
            throw new InvalidReferenceException("atomic: image reference " + withinTransport
                    + " has both a tag and a digest; an image stream is named by its tag only");
        }
        String[] path = reference.path().split("/", 3);
        if (path.length != 2) {
            throw new InvalidReferenceException("atomic: invalid image reference: " + reference.familiarString()
                    + ", " + EXPECTED);
        }
        return new AtomicTransportReference(reference, path[0], path[1]);
    }

    @Override
    public void validatePolicyConfigurationScope(String scope) throws InvalidScopeException {
        ScopeRules.forTransport(name()).orElseThrow().validate(scope);
    }
}
