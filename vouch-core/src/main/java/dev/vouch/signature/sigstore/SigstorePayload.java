package dev.vouch.signature.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.InvalidSignatureException;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The cosign payload: {@code {"critical": {"type": "cosign container image signature", "image":
 * {"docker-manifest-digest": D}, "identity": {"docker-reference": R}}, "optional": {...} or null}}.
 *
 * <p>{@link #parse} is as strict as containers/image: exactly those members in {@code critical} and its objects,
 * no duplicates, a valid digest; in {@code optional} (which may be {@code null}) unknown members are ignored, but
 * {@code creator} must be a string and {@code timestamp} an integral number.
 *
 * @param dockerManifestDigest the signed manifest digest, valid but not yet compared with anything
 * @param dockerReference the signed identity, as written (cosign writes a repository without tag)
 * @param creator {@code optional.creator}
 * @param timestamp {@code optional.timestamp}, seconds since the epoch
 */
public record SigstorePayload(String dockerManifestDigest, String dockerReference, Optional<String> creator,
                              Optional<Long> timestamp) {
    /** The value of {@code critical.type}. */
    public static final String TYPE = "cosign container image signature";

    public SigstorePayload {
        Objects.requireNonNull(dockerManifestDigest, "dockerManifestDigest");
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Parses a payload; call only on bytes whose signature has been verified. */
    public static SigstorePayload parse(byte[] json) throws InvalidSignatureException {
        try {
            return read(json);
        } catch (InvalidSignatureException e) {
            throw new InvalidSignatureException("invalid sigstore payload: " + e.getMessage(), e);
        }
    }

    private static SigstorePayload read(byte[] json) throws InvalidSignatureException {
        if (json.length > SigstoreLimits.MAX_PAYLOAD_BYTES) {
            throw new InvalidSignatureException("the payload is larger than " + SigstoreLimits.MAX_PAYLOAD_BYTES + " bytes");
        }
        JsonNode root = StrictJson.parse(json, "the payload");
        StrictJson.requireExactMembers(root, "the payload", "critical", "optional");
        Optional<String> creator = Optional.empty();
        Optional<Long> timestamp = Optional.empty();
        JsonNode optional = root.get("optional");
        if (!optional.isNull()) {
            StrictJson.requireObject(optional, "optional");
            if (optional.has("creator")) {
                creator = Optional.of(StrictJson.string(optional.get("creator"), "optional.creator"));
            }
            if (optional.has("timestamp")) {
                timestamp = Optional.of(timestamp(optional.get("timestamp")));
            }
        }
        JsonNode critical = root.get("critical");
        StrictJson.requireExactMembers(critical, "critical", "type", "image", "identity");
        String type = StrictJson.string(critical.get("type"), "critical.type");
        if (!type.equals(TYPE)) {
            throw new InvalidSignatureException("unrecognized signature type \"" + type + "\", expected \"" + TYPE + "\"");
        }
        JsonNode image = critical.get("image");
        StrictJson.requireExactMembers(image, "critical.image", "docker-manifest-digest");
        String digest = StrictJson.string(image.get("docker-manifest-digest"), "critical.image.docker-manifest-digest");
        try {
            Digest.parse(digest);
        } catch (InvalidReferenceException e) {
            throw new InvalidSignatureException("invalid docker-manifest-digest value \"" + digest + "\": "
                    + e.getMessage());
        }
        JsonNode identity = critical.get("identity");
        StrictJson.requireExactMembers(identity, "critical.identity", "docker-reference");
        String reference = StrictJson.string(identity.get("docker-reference"), "critical.identity.docker-reference");
        return new SigstorePayload(digest, reference, creator, timestamp);
    }

    private static long timestamp(JsonNode node) throws InvalidSignatureException {
        if (!node.isNumber()) {
            throw new InvalidSignatureException("optional.timestamp is not a number");
        }
        BigDecimal value = node.decimalValue();
        if (value.stripTrailingZeros().scale() > 0) {
            throw new InvalidSignatureException("optional.timestamp is not an integer");
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidSignatureException("optional.timestamp is not an integer in range");
        }
    }
}
