package dev.vouch.manifest;

/** The parts of a manifest vouch uses, by kind; built by {@link Manifests#parse}. */
public sealed interface ParsedManifest permits ImageManifest, ManifestIndex, Schema1Manifest {

    /** The media type the manifest was parsed as. */
    String mediaType();
}
