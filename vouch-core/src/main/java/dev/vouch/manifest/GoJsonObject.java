package dev.vouch.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object read the way Go's {@code encoding/json} fills a struct, so that decisions taken on manifests
 * (is this a signed schema 1?) are the same as in containers/image: members are visited in document order, a
 * member matches a field name exactly or case-insensitively, and the last matching member wins; a value of the wrong
 * type is an error.
 */
public final class GoJsonObject {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Members in document order, duplicates kept. */
    private final List<Map.Entry<String, JsonNode>> members;

    private GoJsonObject(List<Map.Entry<String, JsonNode>> members) {
        this.members = members;
    }

    /** Parses a whole document that must be one JSON object (no trailing data); empty if it is not. */
    public static Optional<GoJsonObject> parse(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            GoJsonObject object = readObject(parser);
            if (parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(object);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static GoJsonObject readObject(JsonParser parser) throws IOException {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.add(Map.entry(name, JsonTrees.read(parser)));
        }
        return new GoJsonObject(members);
    }

    /** A view of an already parsed object node (duplicates were already merged by the parser). */
    public static GoJsonObject of(JsonNode object) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        object.fields().forEachRemaining(members::add);
        return new GoJsonObject(members);
    }

    /** The value a Go struct field named {@code name} would get from; empty if no member matches. */
    public Optional<JsonNode> field(String name) {
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> member : members) {
            if (member.getKey().equalsIgnoreCase(name)) {
                found = member.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The value of the member named exactly {@code name} (Go map semantics), the last one if repeated. */
    Optional<JsonNode> exactMember(String name) {
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> member : members) {
            if (member.getKey().equals(name)) {
                found = member.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** A Go {@code string} field: empty if absent or {@code null}. */
    public Optional<String> stringField(String name) throws GoJsonException {
        JsonNode value = field(name).orElse(null);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new GoJsonException("member \"" + name + "\" is not a string");
        }
        return Optional.of(value.textValue());
    }

    /** A Go {@code []byte} field: standard base64 (line breaks ignored); empty if absent or {@code null}. */
    public Optional<byte[]> bytesField(String name) throws GoJsonException {
        Optional<String> text = stringField(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.util.Base64.getDecoder().decode(text.get().replace("\r", "").replace("\n", "")));
        } catch (IllegalArgumentException e) {
            throw new GoJsonException("member \"" + name + "\" is not base64: " + e.getMessage());
        }
    }

    /** A Go {@code int} field: an integer literal within 64 bits; empty if absent or {@code null}. */
    Optional<Long> intField(String name) throws GoJsonException {
        JsonNode value = field(name).orElse(null);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.getNodeType() != JsonNodeType.NUMBER || !value.isIntegralNumber()
                || value.bigIntegerValue().bitLength() > 63) {
            throw new GoJsonException("member \"" + name + "\" is not an integer");
        }
        return Optional.of(value.longValue());
    }

    boolean isPresentAndNotNull(String name) {
        return field(name).map(value -> !value.isNull()).orElse(false);
    }
}
