package dev.vouch.transport;

import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** One image named in one transport, with what policy lookup and identity matching need to know of it. */
public interface TransportReference {

    ImageTransport transport();

    /** The name within the transport; {@code transport().parseReference} of it gives an equivalent reference. */
    String stringWithinTransport();

    /** The Docker reference the image claims, used by identity matchers; empty for e.g. {@code dir:}. */
    Optional<ImageReference> dockerReference();

    /** The most specific policy scope for this image, e.g. {@code docker.io/library/busybox:latest}. */
    String policyConfigurationIdentity();

    /** Less specific scopes to try in order after the identity (the transport default {@code ""} is implied). */
    List<String> policyConfigurationNamespaces();

    /** Opens the image for reading its manifest and signatures. */
    ImageSource newImageSource(SourceContext context) throws IOException;

    /**
     * Opens the image for writing, with {@code context}'s registries.d, credentials and TLS settings. Transports that
     * cannot be written fail.
     */
    default ImageDestination newImageDestination(SourceContext context) throws IOException {
        throw new IOException("writing to " + displayName() + ": the " + transport().name()
                + " transport cannot be written");
    }

    /** {@code transport:within}, as a user would write it. */
    default String displayName() {
        return transport().name() + ":" + stringWithinTransport();
    }
}
