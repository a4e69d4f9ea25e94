package dev.vouch.manifest;

import java.util.List;
import java.util.Objects;

/** A list of images (OCI index or Docker manifest list): one descriptor per instance, with its platform. */
public record ManifestIndex(String mediaType, List<Descriptor> manifests) implements ParsedManifest {

    public ManifestIndex {
        Objects.requireNonNull(mediaType, "mediaType");
        manifests = List.copyOf(manifests);
    }
}
