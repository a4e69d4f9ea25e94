package dev.vouch.signature.simple;

import dev.vouch.io.GoJson;
import dev.vouch.signature.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON document a simple signing signature signs ("atomic container signature"):
 * <pre>{"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
 *  "type":"atomic container signature"},"optional":{"creator":C,"timestamp":T}}</pre>
 *
 * @param dockerManifestDigest {@code critical.image.docker-manifest-digest}
 * @param dockerReference {@code critical.identity.docker-reference}
 * @param creator {@code optional.creator}, if present
 * @param timestamp {@code optional.timestamp} in seconds since the epoch, if present
 */
public record SimpleSigningPayload(String dockerManifestDigest, String dockerReference, Optional<String> creator,
                                   Optional<Long> timestamp) {

    /** The only accepted value of {@code critical.type}. */
    public static final String TYPE = "atomic container signature";

    public SimpleSigningPayload {
        Objects.requireNonNull(dockerManifestDigest, "dockerManifestDigest");
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * The payload as skopeo writes it: members sorted by name, no whitespace, Go's string escaping; an absent
     * creator or timestamp is left out.
     */
    public byte[] toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\"critical\":{\"identity\":{\"docker-reference\":").append(GoJson.quote(dockerReference))
                .append("},\"image\":{\"docker-manifest-digest\":").append(GoJson.quote(dockerManifestDigest))
                .append("},\"type\":").append(GoJson.quote(TYPE)).append("},\"optional\":{");
        creator.ifPresent(c -> json.append("\"creator\":").append(GoJson.quote(c)));
        timestamp.ifPresent(t -> json.append(creator.isPresent() ? "," : "").append("\"timestamp\":").append(t));
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a payload strictly, as containers/image does: the top level has exactly {@code critical} and
     * {@code optional}; {@code critical} exactly {@code type}, {@code image}, {@code identity}; {@code image}
     * exactly {@code docker-manifest-digest}; {@code identity} exactly {@code docker-reference}; {@code type} must
     * be {@value #TYPE}. Members of {@code optional} other than {@code creator} (a string) and {@code timestamp}
     * (an integer, possibly written as {@code 1.0e3}) are ignored. Duplicate members anywhere, values of the wrong
     * type (including {@code null}) and data after the document are rejected. Call this only on verified data.
     */
    public static SimpleSigningPayload parse(byte[] json) throws InvalidSignatureException {
        return PayloadParser.parse(json);
    }
}
