package dev.vouch.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses manifests and indexes into the parts vouch needs (config, layers, instances with platforms). Members not
 * needed are ignored, as the OCI specification requires; the members used must have the right types.
 */
public final class Manifests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /**
     * Parses {@code manifest} as {@code mediaType}; an empty media type means "guess it".
     *
     * @throws InvalidManifestException for an unknown media type, invalid JSON or an invalid member
     */
    public static ParsedManifest parse(byte[] manifest, String mediaType) throws InvalidManifestException {
        if (manifest.length > ManifestLimits.MAX_MANIFEST_BYTES) {
            throw new InvalidManifestException("manifest is " + manifest.length + " bytes, more than the limit of "
                    + ManifestLimits.MAX_MANIFEST_BYTES);
        }
        String type = mediaType.isEmpty() ? MediaTypes.guess(manifest).orElseThrow(() ->
                new InvalidManifestException("the manifest's media type cannot be recognized")) : mediaType;
        JsonNode root = readObject(manifest);
        return switch (type) {
            case MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_SCHEMA2 -> new ImageManifest(type,
                    descriptor(required(root, "config"), "config"), descriptors(root, "layers"));
            case MediaTypes.OCI_INDEX, MediaTypes.DOCKER_LIST -> new ManifestIndex(type, descriptors(root, "manifests"));
            case MediaTypes.DOCKER_SCHEMA1, MediaTypes.DOCKER_SCHEMA1_SIGNED -> schema1(type, root);
            default -> throw new InvalidManifestException("unsupported manifest media type \"" + type + "\"");
        };
    }

    private static JsonNode readObject(byte[] manifest) throws InvalidManifestException {
        try {
            JsonNode root = JSON.readTree(manifest);
            if (root == null || !root.isObject()) {
                throw new InvalidManifestException("manifest is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidManifestException("manifest cannot be read: " + e.getMessage());
        }
    }

    private static Schema1Manifest schema1(String type, JsonNode root) throws InvalidManifestException {
        List<Digest> blobSums = new ArrayList<>();
        for (JsonNode layer : array(root, "fsLayers")) {
            blobSums.add(digest(text(layer, "blobSum", "fsLayers[]"), "fsLayers[].blobSum"));
        }
        return new Schema1Manifest(type, optionalText(root, "name"), optionalText(root, "tag"), blobSums);
    }

    private static List<Descriptor> descriptors(JsonNode root, String member) throws InvalidManifestException {
        List<Descriptor> result = new ArrayList<>();
        int i = 0;
        for (JsonNode node : array(root, member)) {
            result.add(descriptor(node, member + "[" + i++ + "]"));
        }
        return result;
    }

    /** Parses one descriptor object; {@code where} names it in messages. */
    public static Descriptor descriptor(JsonNode node, String where) throws InvalidManifestException {
        if (!node.isObject()) {
            throw new InvalidManifestException(where + " is not a JSON object");
        }
        JsonNode size = required(node, "size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new InvalidManifestException(where + ".size is not a non-negative integer");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode platformNode = node.get("platform");
        if (platformNode != null && !platformNode.isNull()) {
            platform = Optional.of(new Platform(text(platformNode, "os", where + ".platform"),
                    text(platformNode, "architecture", where + ".platform"),
                    optionalText(platformNode, "variant")));
        }
        return new Descriptor(optionalText(node, "mediaType"), digest(text(node, "digest", where), where + ".digest"),
                size.longValue(), platform, annotations(node, where));
    }

    private static Map<String, String> annotations(JsonNode node, String where) throws InvalidManifestException {
        JsonNode annotations = node.get("annotations");
        Map<String, String> result = new LinkedHashMap<>();
        if (annotations == null || annotations.isNull()) {
            return result;
        }
        if (!annotations.isObject()) {
            throw new InvalidManifestException(where + ".annotations is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) annotations::fields) {
            if (!entry.getValue().isTextual()) {
                throw new InvalidManifestException(where + ".annotations[\"" + entry.getKey() + "\"] is not a string");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }

    private static Digest digest(String value, String where) throws InvalidManifestException {
        try {
            return Digest.parse(value);
        } catch (InvalidReferenceException e) {
            throw new InvalidManifestException(where + ": " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode node, String member) throws InvalidManifestException {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            throw new InvalidManifestException("missing \"" + member + "\"");
        }
        return value;
    }

    private static Iterable<JsonNode> array(JsonNode node, String member) throws InvalidManifestException {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidManifestException("\"" + member + "\" is not an array");
        }
        return value;
    }

    private static String text(JsonNode node, String member, String where) throws InvalidManifestException {
        JsonNode value = node.isObject() ? node.get(member) : null;
        if (value == null || !value.isTextual()) {
            throw new InvalidManifestException(where + "." + member + " is missing or not a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String member) throws InvalidManifestException {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidManifestException("\"" + member + "\" is not a string");
        }
        return value.textValue();
    }
}
