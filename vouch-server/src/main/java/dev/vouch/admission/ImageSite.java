package dev.vouch.admission;

import java.util.Objects;

/**
 * One image named by a pod spec.
 *
 * @param pointer the JSON pointer of the {@code image} field in the admitted object, the path a mutating patch uses
 *     (e.g. {@code /spec/template/spec/containers/0/image})
 * @param containerList {@code containers}, {@code initContainers} or {@code ephemeralContainers}
 * @param container the container's name
 * @param image the image as written, untrusted: not yet parsed
 */
public record ImageSite(String pointer, String containerList, String container, String image) {
    public ImageSite {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(containerList, "containerList");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(image, "image");
    }

    /** The image that replaces this site's image in a mutating response: the reference pinned to what was checked. */
    public record Replacement(ImageSite site, String image) {
        public Replacement {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(image, "image");
        }
    }

    /** {@code containers[web]}: how messages name the container. */
    public String label() {
        return containerList + "[" + container + "]";
    }
}
