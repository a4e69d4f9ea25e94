package dev.vouch.image;

import dev.vouch.image.atomic.AtomicTransport;
import dev.vouch.image.dir.DirTransport;
import dev.vouch.image.docker.DockerTransport;
import dev.vouch.image.oci.OciTransport;
import dev.vouch.image.ociarchive.OciArchiveTransport;
import dev.vouch.transport.TransportRegistry;
import java.util.List;

/** The transports vouch can read. */
public final class ImageTransports {
    private static final TransportRegistry STANDARD = TransportRegistry.of(List.of(DirTransport.INSTANCE,
            OciTransport.INSTANCE, OciArchiveTransport.INSTANCE, DockerTransport.INSTANCE, AtomicTransport.INSTANCE));

    private ImageTransports() {
    }

    /** {@code dir}, {@code oci}, {@code oci-archive}, {@code docker} and {@code atomic}. */
    public static TransportRegistry standard() {
        return STANDARD;
    }
}
