package dev.vouch.image.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the OpenShift signature API's list {@code {"signatures":[{"schemaVersion":2,"type":"atomic","name":...,
 * "content":"<base64>"}]}} as containers/image does with Go's {@code encoding/json}: member names match
 * case-insensitively (the last match wins), unknown members are ignored, a member of the wrong type fails the whole
 * list. Only entries with version 2 and type {@code atomic} are kept, as simple signatures; the others are skipped.
 */
final class ExtensionSignatureList {
    static final int SCHEMA_VERSION = 2;
    static final String TYPE_ATOMIC = "atomic";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExtensionSignatureList() {
    }

    static List<UntrustedSignature> decode(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        }
        List<UntrustedSignature> signatures = new ArrayList<>();
        if (root == null || root.isNull()) {
            return signatures;
        }
        if (!root.isObject()) {
            throw invalid("expected a JSON object, got " + root.getNodeType());
        }
        Optional<JsonNode> list = member(root, "signatures").filter(node -> !node.isNull());
        if (list.isEmpty()) {
            return signatures;
        }
        if (!list.get().isArray()) {
            throw invalid("\"signatures\" must be an array");
        }
        for (JsonNode entry : list.get()) {
            if (entry.isNull()) {
                continue;
            }
            if (!entry.isObject()) {
                throw invalid("each signature must be a JSON object");
            }
            int version = version(entry);
            String type = text(entry, "type");
            text(entry, "name"); // unused, but a non-string fails the list as in Go
            byte[] content = content(entry);
            if (version == SCHEMA_VERSION && type.equals(TYPE_ATOMIC)) {
                signatures.add(new UntrustedSimpleSignature(content));
            }
        }
        return signatures;
    }

    private static int version(JsonNode entry) throws IOException {
        Optional<JsonNode> node = member(entry, "schemaVersion").filter(n -> !n.isNull());
        if (node.isEmpty()) {
            return 0;
        }
        if (!node.get().isIntegralNumber() || !node.get().canConvertToInt()) {
            throw invalid("\"schemaVersion\" must be an integer, got " + node.get());
        }
        return node.get().intValue();
    }

    private static String text(JsonNode entry, String name) throws IOException {
        Optional<JsonNode> node = member(entry, name).filter(n -> !n.isNull());
        if (node.isEmpty()) {
            return "";
        }
        if (!node.get().isTextual()) {
            throw invalid("\"" + name + "\" must be a string");
        }
        return node.get().textValue();
    }

    private static byte[] content(JsonNode entry) throws IOException {
        String text = text(entry, "content");
        try {
            return Base64.getDecoder().decode(text.replace("\r", "").replace("\n", ""));
        } catch (IllegalArgumentException e) {
            throw invalid("\"content\" must be base64: " + e.getMessage());
        }
    }

    /** The member Go would bind to a field called {@code name}: an exact match, else the last case-insensitive one. */
    private static Optional<JsonNode> member(JsonNode object, String name) {
        if (object.has(name)) {
            return Optional.of(object.get(name));
        }
        JsonNode found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                found = field.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    private static IOException invalid(String detail) {
        return new IOException("decoding signature list: " + detail);
    }
}
