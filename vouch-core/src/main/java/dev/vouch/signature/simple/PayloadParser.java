package dev.vouch.signature.simple;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vouch.signature.InvalidSignatureException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The strict reading of {@link SimpleSigningPayload#parse}. */
final class PayloadParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PayloadParser() {
    }

    static SimpleSigningPayload parse(byte[] json) throws InvalidSignatureException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw invalid("is empty");
        }
        requireExactMembers(root, "the payload", "critical", "optional");
        JsonNode optional = root.get("optional");
        requireObject(optional, "optional");
        Optional<String> creator = Optional.empty();
        if (optional.has("creator")) {
            creator = Optional.of(string(optional.get("creator"), "optional.creator"));
        }
        Optional<Long> timestamp = Optional.empty();
        if (optional.has("timestamp")) {
            timestamp = Optional.of(timestamp(optional.get("timestamp")));
        }

        JsonNode critical = root.get("critical");
        requireExactMembers(critical, "critical", "type", "image", "identity");
        String type = string(critical.get("type"), "critical.type");
        if (!type.equals(SimpleSigningPayload.TYPE)) {
            throw invalid("unrecognized signature type \"" + type + "\", expected \"" + SimpleSigningPayload.TYPE
                    + "\"");
        }
        JsonNode image = critical.get("image");
        requireExactMembers(image, "critical.image", "docker-manifest-digest");
        String digest = string(image.get("docker-manifest-digest"), "critical.image.docker-manifest-digest");
        JsonNode identity = critical.get("identity");
        requireExactMembers(identity, "critical.identity", "docker-reference");
        String reference = string(identity.get("docker-reference"), "critical.identity.docker-reference");
        return new SimpleSigningPayload(digest, reference, creator, timestamp);
    }

    private static void requireExactMembers(JsonNode node, String name, String... members)
            throws InvalidSignatureException {
        requireObject(node, name);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!contains(members, member)) {
                throw invalid(name + " has an unknown member \"" + member + "\"");
            }
        }
        if (node.size() != members.length) {
            for (String member : new TreeSet<>(Set.of(members))) {
                if (!node.has(member)) {
                    throw invalid(name + " has no member \"" + member + "\"");
                }
            }
        }
    }

    private static boolean contains(String[] members, String member) {
        for (String candidate : members) {
            if (candidate.equals(member)) {
                return true;
            }
        }
        return false;
    }

    private static void requireObject(JsonNode node, String name) throws InvalidSignatureException {
        if (!node.isObject()) {
            throw invalid(name + " is not a JSON object");
        }
    }

    private static String string(JsonNode node, String name) throws InvalidSignatureException {
        if (!node.isTextual()) {
            throw invalid(name + " is not a string");
        }
        return node.textValue();
    }

    private static long timestamp(JsonNode node) throws InvalidSignatureException {
        if (!node.isNumber()) {
            throw invalid("optional.timestamp is not a number");
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
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

    private static InvalidSignatureException invalid(String reason) {
        return new InvalidSignatureException("invalid signature payload: " + reason);
    }
}
