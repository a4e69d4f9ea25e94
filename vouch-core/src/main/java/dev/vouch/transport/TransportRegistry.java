package dev.vouch.transport;

import dev.vouch.reference.InvalidReferenceException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The transports an application can read, looked up by name; parses {@code transport:name} image names. */
public final class TransportRegistry {
    private final Map<String, ImageTransport> transports;

    private TransportRegistry(Map<String, ImageTransport> transports) {
        this.transports = transports;
    }

    /** A registry of {@code transports}; names must be unique. */
    public static TransportRegistry of(Collection<? extends ImageTransport> transports) {
        Map<String, ImageTransport> byName = new LinkedHashMap<>();
        for (ImageTransport transport : transports) {
            if (byName.putIfAbsent(transport.name(), transport) != null) {
                throw new IllegalArgumentException("transport \"" + transport.name() + "\" registered twice");
            }
        }
        return new TransportRegistry(Map.copyOf(byName));
    }

    public Optional<ImageTransport> get(String name) {
        return Optional.ofNullable(transports.get(name));
    }

    /**
     * Parses {@code TRANSPORT:NAME}, e.g. {@code dir:/srv/image} or {@code docker://quay.io/a/b:1}.
     *
     * @throws InvalidReferenceException for a missing or unknown transport or an invalid name
     */
    public TransportReference parseImageName(String imageName) {
        Objects.requireNonNull(imageName, "imageName");
        int colon = imageName.indexOf(':');
        if (colon <= 0) {
            throw new InvalidReferenceException("invalid image name \"" + imageName
                    + "\": expected TRANSPORT:NAME, e.g. docker://quay.io/team/app:1.0 or dir:/path");
        }
        String transportName = imageName.substring(0, colon);
        ImageTransport transport = transports.get(transportName);
        if (transport == null) {
            throw new InvalidReferenceException("invalid image name \"" + imageName + "\": unknown transport \""
                    + transportName + "\"; vouch reads " + String.join(", ", new java.util.TreeSet<>(transports.keySet())));
        }
        return transport.parseReference(imageName.substring(colon + 1));
    }
}
