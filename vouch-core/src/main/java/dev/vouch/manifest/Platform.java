package dev.vouch.manifest;

import java.util.Objects;

/**
 * The platform of an image in an index: {@code os}, {@code architecture} and an optional {@code variant} (empty if
 * none).
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
