package dev.vouch.manifest;

import java.util.List;
import java.util.Objects;

/** A single-image manifest (OCI image manifest or Docker schema 2): its config and layers, in order. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ParsedManifest {

    public ImageManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
