package dev.vouch.policy.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Typed, strict access to the fields of one JSON object at a known path; every mismatch becomes a problem. */
final class Fields {
    private final JsonNode node;
    private final String path;
    private final Problems problems;

    private Fields(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The fields of {@code node}, or empty (and a problem) if it is not an object. */
    static Optional<Fields> of(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add(path, "expected a JSON object, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(new Fields(node, path, problems));
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    String pathOf(String name) {
        return JsonPath.field(path, name);
    }

    boolean has(String name) {
        return node.has(name);
    }

    /** Reports every field not in {@code allowed}. */
    void allowOnly(Set<String> allowed, String what) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(pathOf(name), "unknown field " + JsonPath.quote(name) + " in " + what
                        + "; expected one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    Optional<JsonNode> node(String name) {
        return Optional.ofNullable(node.get(name));
    }

    /** The entries of this object, in document order. */
    Iterator<Map.Entry<String, JsonNode>> entries() {
        return node.fields();
    }

    /** A mandatory string field; {@code nonEmpty} also rejects {@code ""}. */
    Optional<String> requiredString(String name, boolean nonEmpty) {
        if (!node.has(name)) {
            problems.add(pathOf(name), "missing mandatory field " + JsonPath.quote(name));
            return Optional.empty();
        }
        return optionalString(name, nonEmpty);
    }

    /** An optional string field; present but not a string (or empty when {@code nonEmpty}) is a problem. */
    Optional<String> optionalString(String name, boolean nonEmpty) {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(pathOf(name), "expected a string, got " + describe(value));
            return Optional.empty();
        }
        if (nonEmpty && value.textValue().isEmpty()) {
            problems.add(pathOf(name), "must not be empty");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    /** A non-empty array of non-empty strings. */
    Optional<List<String>> stringArray(String name) {
        JsonNode value = node.get(name);
        String at = pathOf(name);
        if (value == null || !value.isArray()) {
            problems.add(at, "expected an array of strings, got " + describe(value));
            return Optional.empty();
        }
        if (value.isEmpty()) {
            problems.add(at, "the array must not be empty");
            return Optional.empty();
        }
        int mark = problems.mark();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                problems.add(JsonPath.index(at, i), "expected a string, got " + describe(item));
            } else if (item.textValue().isEmpty()) {
                problems.add(JsonPath.index(at, i), "must not be empty");
            } else {
                out.add(item.textValue());
            }
        }
        return problems.addedSince(mark) ? Optional.empty() : Optional.of(out);
    }

    /** A base64 string field (standard alphabet, padded; line breaks ignored), decoded. */
    Optional<byte[]> base64(String name) {
        return optionalString(name, false).flatMap(text -> decode(text, pathOf(name)));
    }

    /** A non-empty array of base64 strings, decoded. */
    Optional<List<byte[]>> base64Array(String name) {
        JsonNode value = node.get(name);
        String at = pathOf(name);
        if (value == null || !value.isArray()) {
            problems.add(at, "expected an array of base64 strings, got " + describe(value));
            return Optional.empty();
        }
        if (value.isEmpty()) {
            problems.add(at, "the array must not be empty");
            return Optional.empty();
        }
        int mark = problems.mark();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = JsonPath.index(at, i);
            if (!item.isTextual()) {
                problems.add(itemPath, "expected a base64 string, got " + describe(item));
            } else {
                decode(item.textValue(), itemPath).ifPresent(out::add);
            }
        }
        return problems.addedSince(mark) ? Optional.empty() : Optional.of(out);
    }

    private Optional<byte[]> decode(String text, String at) {
        String compact = text.replace("\r", "").replace("\n", "");
        try {
            if (compact.length() % 4 != 0) {
                throw new IllegalArgumentException("length is not a multiple of 4 (missing padding?)");
            }
            return Optional.of(Base64.getDecoder().decode(compact));
        } catch (IllegalArgumentException e) {
            problems.add(at, "invalid base64 data: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** How a JSON value is named in messages: {@code a number}, {@code null}, {@code nothing}. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        switch (value.getNodeType()) {
            case NULL:
                return "null";
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            default:
                return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
