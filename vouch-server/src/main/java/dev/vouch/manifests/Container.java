package dev.vouch.manifests;

import java.util.Optional;

/**
 * A container of a workload's pod spec: its name, whether it is an init container, its position in its list, and
 * its image with the position of the image scalar (both empty when the manifest has no image yet).
 */
public record Container(String name, boolean init, int index, Optional<String> image, Optional<SourceRange> imageRange) {
}
