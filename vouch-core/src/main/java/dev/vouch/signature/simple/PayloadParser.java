package dev.vouch.signature.simple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vouch.signature.InvalidSignatureException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The strict reading of {@link SimpleSigningPayload#parse}, as one pass over the JSON tokens (no data binding: this
 * runs for every signature verified). Duplicate members are refused anywhere, including inside {@code optional},
 * and nothing may follow the document.
 */
final class PayloadParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PayloadParser() {
    }

    static SimpleSigningPayload parse(byte[] json) throws InvalidSignatureException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == null) {
                throw invalid("is empty");
            }
            Values top = new Values();
            Set<String> members = readObject(parser, "the payload", (name, p) -> {
                switch (name) {
                    case "critical" -> readCritical(p, top);
                    case "optional" -> readOptional(p, top);
                    default -> throw invalid("the payload has an unknown member \"" + name + "\"");
                }
            });
            requireMembers(members, "the payload", "critical", "optional");
            if (parser.nextToken() != null) {
                throw invalid("not valid JSON: unexpected content after the document");
            }
            return new SimpleSigningPayload(top.digest, top.reference, top.creator, top.timestamp);
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("cannot be read: " + e.getMessage());
        }
    }

    private static void readCritical(JsonParser parser, Values top) throws IOException, InvalidSignatureException {
        Set<String> members = readObject(parser, "critical", (name, p) -> {
            switch (name) {
                case "type" -> {
                    String type = string(p, "critical.type");
                    if (!type.equals(SimpleSigningPayload.TYPE)) {
                        throw invalid("unrecognized signature type \"" + type + "\", expected \""
                                + SimpleSigningPayload.TYPE + "\"");
                    }
                }
                case "image" -> {
                    Set<String> image = readObject(p, "critical.image", (member, q) -> {
                        if (!member.equals("docker-manifest-digest")) {
                            throw invalid("critical.image has an unknown member \"" + member + "\"");
                        }
                        top.digest = string(q, "critical.image.docker-manifest-digest");
                    });
                    requireMembers(image, "critical.image", "docker-manifest-digest");
                }
                case "identity" -> {
                    Set<String> identity = readObject(p, "critical.identity", (member, q) -> {
                        if (!member.equals("docker-reference")) {
                            throw invalid("critical.identity has an unknown member \"" + member + "\"");
                        }
                        top.reference = string(q, "critical.identity.docker-reference");
                    });
                    requireMembers(identity, "critical.identity", "docker-reference");
                }
                default -> throw invalid("critical has an unknown member \"" + name + "\"");
            }
        });
        requireMembers(members, "critical", "type", "image", "identity");
    }

    private static void readOptional(JsonParser parser, Values top) throws IOException, InvalidSignatureException {
        readObject(parser, "optional", (name, p) -> {
            switch (name) {
                case "creator" -> top.creator = Optional.of(string(p, "optional.creator"));
                case "timestamp" -> top.timestamp = Optional.of(timestamp(p));
                default -> p.skipChildren();
            }
        });
    }

    /** Member handler; the parser stands on the member's value. */
    private interface MemberReader {
        void read(String name, JsonParser parser) throws IOException, InvalidSignatureException;
    }

    /** Reads the object the parser stands on, member by member; returns the member names. */
    private static Set<String> readObject(JsonParser parser, String name, MemberReader reader)
            throws IOException, InvalidSignatureException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw invalid(name + " is not a JSON object");
        }
        Set<String> members = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            parser.nextToken();
            reader.read(member, parser);
            members.add(member);
        }
        return members;
    }

    private static void requireMembers(Set<String> present, String name, String... members)
            throws InvalidSignatureException {
        if (present.size() == members.length) {
            return;
        }
        for (String member : new TreeSet<>(Set.of(members))) {
            if (!present.contains(member)) {
                throw invalid(name + " has no member \"" + member + "\"");
            }
        }
    }

    private static String string(JsonParser parser, String name) throws IOException, InvalidSignatureException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw invalid(name + " is not a string");
        }
        return parser.getText();
    }

    private static long timestamp(JsonParser parser) throws IOException, InvalidSignatureException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            parser.skipChildren();
            throw invalid("optional.timestamp is not a number");
        }
        BigDecimal value = parser.getDecimalValue().stripTrailingZeros();
        if (value.precision() - value.scale() > 19 || value.scale() > 0) {
            throw invalid("optional.timestamp is not an integer");
        }
        long seconds;
        try {
            seconds = value.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid("optional.timestamp is not an integer in range");
        }
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw invalid("optional.timestamp is out of range");
        }
        return seconds;
    }

    /** The values read from the payload. */
    private static final class Values {
        String digest;
        String reference;
        Optional<String> creator = Optional.empty();
        Optional<Long> timestamp = Optional.empty();
    }

    private static InvalidSignatureException invalid(String reason) {
        return new InvalidSignatureException("invalid signature payload: " + reason);
    }
}
