package dev.vouch.policy;

import java.util.Objects;

/**
 * {@code signedBaseLayer} with its mandatory {@code baseLayerIdentity}. containers/image parses it but has never
 * implemented it: as a requirement it always rejects the image, and it accepts no signature. vouch does the same.
 */
public record SignedBaseLayer(SignedIdentity baseLayerIdentity) implements PolicyRequirement {
    public static final String TYPE = "signedBaseLayer";

    public SignedBaseLayer {
        Objects.requireNonNull(baseLayerIdentity, "baseLayerIdentity");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
