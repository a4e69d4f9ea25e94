package dev.vouch.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.manifest.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the event envelope a distribution registry POSTs to its notification endpoints
 * ({@code application/vnd.docker.distribution.events.v1+json}): {@code {"events":[{"action":"push",
 * "target":{"repository":..., "tag":..., "digest":...}, ...}]}}. Only {@code push} events of manifests become
 * hints; pulls, deletes and blob pushes do not move a tag. Unknown fields are allowed (registries add them between
 * versions), but the envelope's shape is checked: a body that is not an envelope is an error, so a misconfigured
 * sender is noticed.
 */
public final class RegistryNotifications {
    /** The media type distribution sends. */
    public static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";
    /** Bodies above this size are refused before parsing. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * Tags cosign and containers/image give sigstore attachments ({@code sha256-<hex>.sig}, {@code .att},
     * {@code .sbom}): a push to one may add the signature a followed tag's image was waiting for, so it concerns
     * every tag of the repository.
     */
    private static final Pattern ATTACHMENT_TAG = Pattern.compile("sha256-[0-9a-f]{64}\\.(sig|att|sbom)");
    private static final Set<String> MANIFEST_TYPES = Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_SCHEMA2, MediaTypes.DOCKER_LIST, MediaTypes.DOCKER_SCHEMA1,
            MediaTypes.DOCKER_SCHEMA1_SIGNED);

    private RegistryNotifications() {
    }

    /** The distinct hints of {@code body}'s push events, in the order they appear. */
    public static List<TagHint> hints(byte[] body) throws InvalidNotificationException {
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidNotificationException("body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode envelope;
        try {
            envelope = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidNotificationException("body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidNotificationException("body could not be read: " + e.getMessage());
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("events").isArray()) {
            throw new InvalidNotificationException("body is not an event envelope: \"events\" must be an array");
        }
        Set<TagHint> hints = new LinkedHashSet<>();
        JsonNode events = envelope.get("events");
        for (int i = 0; i < events.size(); i++) {
            hint(events.get(i), i).ifPresent(hints::add);
        }
        return new ArrayList<>(hints);
    }

    private static Optional<TagHint> hint(JsonNode event, int index) throws InvalidNotificationException {
        if (!event.isObject()) {
            throw new InvalidNotificationException("events[" + index + "] must be an object");
        }
        if (!"push".equals(event.path("action").asText())) {
            return Optional.empty();
        }
        JsonNode target = event.path("target");
        JsonNode mediaType = target.path("mediaType");
        if (mediaType.isTextual() && !MANIFEST_TYPES.contains(mediaType.asText())) {
            return Optional.empty(); // a layer or config blob: no tag moved
        }
        JsonNode repository = target.path("repository");
        if (!repository.isTextual() || repository.asText().isEmpty()) {
            throw new InvalidNotificationException(
                    "events[" + index + "].target.repository must be a non-empty string");
        }
        JsonNode tag = target.path("tag");
        if (!tag.isMissingNode() && !tag.isNull() && !tag.isTextual()) {
            throw new InvalidNotificationException("events[" + index + "].target.tag must be a string");
        }
        Optional<String> tagName = tag.isTextual() && !tag.asText().isEmpty()
                && !ATTACHMENT_TAG.matcher(tag.asText()).matches() ? Optional.of(tag.asText()) : Optional.empty();
        return Optional.of(new TagHint(repository.asText(), tagName));
    }
}
