package dev.vouch.policy.json;

import dev.vouch.io.ParseErrors;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.policy.PolicyError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one JSON value into a Jackson tree, recording (rather than hiding) what lenient readers accept: a duplicated
 * field is an error at its path (the first value is kept so checking can continue); trailing content after the
 * value is an error. Syntax errors end reading with one error carrying line and column.
 */
final class StrictJsonReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final List<PolicyError> errors;
    private final List<Object> path = new ArrayList<>();

    private StrictJsonReader(List<PolicyError> errors) {
        this.errors = errors;
    }

    /** The tree of {@code data}, or empty after a syntax error; problems are added to {@code errors}. */
    static Optional<JsonNode> read(byte[] data, List<PolicyError> errors) {
        StrictJsonReader reader = new StrictJsonReader(errors);
        try (JsonParser parser = FACTORY.createParser(data)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                errors.add(new PolicyError("", "the document is empty; expected a JSON object"));
                return Optional.empty();
            }
            JsonNode root = reader.value(parser, first);
            JsonToken extra;
            try {
                extra = parser.nextToken();
            } catch (JsonProcessingException e) {
                extra = JsonToken.NOT_AVAILABLE;
            }
            if (extra != null) {
                errors.add(new PolicyError("", "unexpected content after the JSON value at " + where(parser.currentLocation())));
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            errors.add(new PolicyError(JsonPath.of(reader.path), ParseErrors.describe(e)));
            return Optional.empty();
        } catch (IOException e) {
            errors.add(new PolicyError("", "cannot read JSON: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY:
                return array(parser);
            case VALUE_STRING:
                return nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            path.add(name);
            JsonNode child = value(parser, parser.nextToken());
            if (node.has(name)) {
                errors.add(new PolicyError(JsonPath.of(path), "duplicate field " + JsonPath.quote(name)));
            } else {
                node.set(name, child);
            }
            path.remove(path.size() - 1);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected JSON token " + token);
        }
        return node;
    }

    private ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        JsonToken token;
        int index = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            path.add(index++);
            node.add(value(parser, token));
            path.remove(path.size() - 1);
        }
        return node;
    }

    private static String where(JsonLocation location) {
        return location == null ? "unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
