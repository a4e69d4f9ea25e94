package dev.vouch.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Manifest media types, and guessing the type of a manifest stored without one (a {@code dir:} image), with the
 * rules of containers/image's {@code manifest.GuessMIMEType}: a declared Docker schema 2 or list type is taken as is;
 * {@code schemaVersion} 1 is schema 1, signed if a {@code signatures} member is present and not {@code null};
 * {@code schemaVersion} 2 is an OCI manifest, an OCI index, or a Docker schema 2 manifest depending on the config
 * media type and the presence of {@code manifests}. Anything else is unknown.
 */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_SCHEMA2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_SCHEMA2_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    private MediaTypes() {
    }

    /** The media type of {@code manifest} if it can be recognized; empty otherwise (including for invalid JSON). */
    public static Optional<String> guess(byte[] manifest) {
        if (manifest.length > ManifestLimits.MAX_MANIFEST_BYTES) {
            return Optional.empty();
        }
        GoJsonObject top = GoJsonObject.parse(manifest).orElse(null);
        if (top == null) {
            return Optional.empty();
        }
        try {
            return guess(top);
        } catch (GoJsonException e) {
            return Optional.empty(); // Go's decoder fails on a member of the wrong type
        }
    }

    private static Optional<String> guess(GoJsonObject top) throws GoJsonException {
        String declared = top.stringField("mediaType").orElse("");
        long version = top.intField("schemaVersion").orElse(0L);
        if (declared.equals(DOCKER_SCHEMA2) || declared.equals(DOCKER_LIST)) {
            return Optional.of(declared);
        }
        if (version == 1) {
            return Optional.of(top.isPresentAndNotNull("signatures") ? DOCKER_SCHEMA1_SIGNED : DOCKER_SCHEMA1);
        }
        if (version == 2) {
            return Optional.of(guessVersion2(top));
        }
        return Optional.empty();
    }

    private static String guessVersion2(GoJsonObject top) throws GoJsonException {
        JsonNode config = top.field("config").orElse(null);
        String configType = "";
        if (config != null && !config.isNull()) {
            if (!config.isObject()) {
                throw new GoJsonException("config is not an object");
            }
            configType = GoJsonObject.of(config).stringField("mediaType").orElse("");
        }
        if (configType.equals(OCI_CONFIG)) {
            return OCI_MANIFEST;
        }
        if (configType.equals(DOCKER_SCHEMA2_CONFIG)) {
            return DOCKER_SCHEMA2;
        }
        JsonNode manifests = top.field("manifests").orElse(null);
        if (manifests != null && !manifests.isNull() && !manifests.isArray()) {
            throw new GoJsonException("manifests is not an array");
        }
        if (manifests != null && manifests.size() > 0) {
            return configType.isEmpty() ? OCI_INDEX : configType;
        }
        return OCI_MANIFEST;
    }

    /** Whether {@code mediaType} is a list of images (an OCI index or a Docker manifest list). */
    public static boolean isMultiImage(String mediaType) {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST);
    }
}
