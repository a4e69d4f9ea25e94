package dev.vouch.trigger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vouch.io.GoJson;
import dev.vouch.io.ParseErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code image.openshift.io/triggers} annotation: a JSON array of
 * {@code {"from":{"kind":K,"name":N,"namespace":NS},"fieldPath":P,"paused":B}}.
 *
 * <p>{@link #parse} is strict where OpenShift is lenient, so that a mistake is reported instead of a trigger silently
 * doing nothing: unknown, repeated and differently-cased members, a value of the wrong JSON type ({@code paused} must
 * be a boolean, {@code null} is not a string), a kind other than {@code ImageStreamTag} or {@code DockerImage},
 * invalid names and unsupported field paths, and two entries with the same field path (OpenShift: "duplicate
 * triggers are not allowed") are errors that name the entry and member, e.g. {@code triggers[1].fieldPath: ...}.
 * The JSON value {@code null}, which {@code oc set triggers --remove-all} writes, means no triggers.
 *
 * <p>{@link #write} produces what {@code oc set triggers} writes (Go's {@code encoding/json}): compact, members in
 * the order from, fieldPath, paused; {@code namespace} and {@code paused} only when set.
 */
public final class TriggerAnnotation {
    /** The annotation key. */
    public static final String KEY = "image.openshift.io/triggers";

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> TRIGGER_MEMBERS = Set.of("from", "fieldPath", "paused");
    private static final Set<String> FROM_MEMBERS = Set.of("kind", "name", "namespace");

    private TriggerAnnotation() {
    }

    /** Parses the annotation value. */
    public static List<Trigger> parse(String value) throws InvalidTriggerException {
        try (JsonParser parser = JSON.createParser(value)) {
            JsonToken first = parser.nextToken();
            List<Trigger> triggers = new ArrayList<>();
            if (first == JsonToken.VALUE_NULL) {
                expectEnd(parser);
                return triggers;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new InvalidTriggerException("triggers: expected a JSON array");
            }
            Map<FieldPath, Integer> seen = new HashMap<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int index = triggers.size();
                Trigger trigger = readTrigger(parser, "triggers[" + index + "]");
                Integer previous = seen.putIfAbsent(trigger.fieldPath(), index);
                if (previous != null) {
                    throw new InvalidTriggerException("triggers[" + index + "].fieldPath: the same field path as "
                            + "triggers[" + previous + "]; duplicate triggers are not allowed");
                }
                triggers.add(trigger);
            }
            expectEnd(parser);
            return List.copyOf(triggers);
        } catch (JsonProcessingException e) {
            throw new InvalidTriggerException("triggers: " + ParseErrors.describe(e));
        } catch (IOException e) {
            throw new InvalidTriggerException("triggers: " + e.getMessage());
        }
    }

    private static void expectEnd(JsonParser parser) throws IOException, InvalidTriggerException {
        if (parser.nextToken() != null) {
            throw new InvalidTriggerException("triggers: unexpected data after the JSON value");
        }
    }

    private static Trigger readTrigger(JsonParser parser, String at) throws IOException, InvalidTriggerException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidTriggerException(at + ": expected a JSON object");
        }
        TriggerSource from = null;
        String fieldPath = null;
        boolean paused = false;
        Set<String> members = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = memberName(parser, at, TRIGGER_MEMBERS, members);
            JsonToken value = parser.nextToken();
            switch (member) {
                case "from":
                    from = readFrom(parser, at + ".from");
                    break;
                case "fieldPath":
                    fieldPath = string(parser, value, at + ".fieldPath");
                    break;
                default:
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                        throw new InvalidTriggerException(at + ".paused: expected true or false");
                    }
                    paused = value == JsonToken.VALUE_TRUE;
                    break;
            }
        }
        if (from == null) {
            throw new InvalidTriggerException(at + ".from: missing");
        }
        if (fieldPath == null) {
            throw new InvalidTriggerException(at + ".fieldPath: missing");
        }
        try {
            return new Trigger(from, FieldPath.parse(fieldPath), paused);
        } catch (InvalidTriggerException e) {
            throw new InvalidTriggerException(at + ".fieldPath: " + e.getMessage());
        }
    }

    private static TriggerSource readFrom(JsonParser parser, String at) throws IOException, InvalidTriggerException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidTriggerException(at + ": expected a JSON object");
        }
        String kind = null;
        String name = null;
        String namespace = null;
        Set<String> members = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = memberName(parser, at, FROM_MEMBERS, members);
            String value = string(parser, parser.nextToken(), at + "." + member);
            switch (member) {
                case "kind":
                    kind = value;
                    break;
                case "name":
                    name = value;
                    break;
                default:
                    namespace = value;
                    break;
            }
        }
        if (kind == null) {
            throw new InvalidTriggerException(at + ".kind: missing");
        }
        if (name == null || name.isEmpty()) {
            throw new InvalidTriggerException(at + ".name: missing");
        }
        String sourceName = name;
        Optional<String> ns = namespace == null || namespace.isEmpty() ? Optional.empty() : Optional.of(namespace);
        if (kind.equals(ImageStreamTagSource.KIND)) {
            ImageStreamTagSource source = sourceOrError(() -> ImageStreamTagSource.parse(sourceName, Optional.empty()),
                    at + ".name");
            return sourceOrError(() -> ImageStreamTagSource.parse(source.name(), ns), at + ".namespace");
        }
        if (kind.equals(DockerImageSource.KIND)) {
            if (ns.isPresent()) {
                throw new InvalidTriggerException(at + ".namespace: not allowed with kind DockerImage");
            }
            return sourceOrError(() -> DockerImageSource.parse(sourceName), at + ".name");
        }
        throw new InvalidTriggerException(at + ".kind: \"" + kind + "\" is not supported; expected ImageStreamTag or "
                + "DockerImage");
    }

    private interface SourceParser<T extends TriggerSource> {
        T parse() throws InvalidTriggerException;
    }

    private static <T extends TriggerSource> T sourceOrError(SourceParser<T> parser, String at)
            throws InvalidTriggerException {
        try {
            return parser.parse();
        } catch (InvalidTriggerException e) {
            throw new InvalidTriggerException(at + ": " + e.getMessage());
        }
    }

    private static String memberName(JsonParser parser, String at, Set<String> known, Set<String> seen)
            throws IOException, InvalidTriggerException {
        String name = parser.currentName();
        if (!known.contains(name)) {
            String hint = name.equals("apiVersion") ? ": not supported by vouch" : ": unknown field; expected one of "
                    + String.join(", ", known.stream().sorted().toList());
            throw new InvalidTriggerException(at + "." + name + hint);
        }
        if (!seen.add(name)) {
            throw new InvalidTriggerException(at + "." + name + ": repeated");
        }
        return name;
    }

    private static String string(JsonParser parser, JsonToken token, String at) throws IOException,
            InvalidTriggerException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidTriggerException(at + ": expected a string");
        }
        return parser.getText();
    }

    /** The annotation value for {@code triggers}, byte for byte what {@code oc set triggers} writes. */
    public static String write(List<Trigger> triggers) {
        StringBuilder out = new StringBuilder("[");
        for (Trigger trigger : triggers) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"from\":{\"kind\":");
            out.append(GoJson.quote(trigger.from().kind()));
            out.append(",\"name\":");
            out.append(GoJson.quote(trigger.from().name()));
            if (trigger.from() instanceof ImageStreamTagSource stream && stream.namespace().isPresent()) {
                out.append(",\"namespace\":");
                out.append(GoJson.quote(stream.namespace().get()));
            }
            out.append("},\"fieldPath\":");
            out.append(GoJson.quote(trigger.fieldPath().toString()));
            if (trigger.paused()) {
                out.append(",\"paused\":true");
            }
            out.append('}');
        }
        return out.append(']').toString();
    }
}
