package dev.vouch.manifests;

import dev.vouch.trigger.FieldPath;
import java.util.Objects;

/** Set the image a field path of a workload names to {@code image}, e.g. {@code host/repo@sha256:...}. */
public record ImageUpdate(WorkloadId workload, FieldPath fieldPath, String image) {

    public ImageUpdate {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(image, "image");
        if (image.isEmpty()) {
            throw new IllegalArgumentException("empty image");
        }
    }
}
