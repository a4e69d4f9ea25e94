package dev.vouch.signature.sigstore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vouch.signature.InvalidSignatureException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict JSON reading in the manner of containers/image's "paranoid" decoders: duplicate members and trailing data
 * rejected, exact member sets where required, types checked. Every problem is an {@link InvalidSignatureException}
 * whose message starts with {@code what}.
 */
final class StrictJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private StrictJson() {
    }

    static JsonNode parse(byte[] json, String what) throws InvalidSignatureException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSignatureException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSignatureException(what + " cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidSignatureException(what + " is empty");
        }
        return root;
    }

    static void requireExactMembers(JsonNode node, String name, String... members) throws InvalidSignatureException {
        requireObject(node, name);
        Set<String> expected = Set.of(members);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!expected.contains(member)) {
                throw new InvalidSignatureException(name + " has an unknown member \"" + member + "\"");
            }
        }
        for (String member : new TreeSet<>(expected)) {
            if (!node.has(member)) {
                throw new InvalidSignatureException(name + " has no member \"" + member + "\"");
            }
        }
    }

    static void requireObject(JsonNode node, String name) throws InvalidSignatureException {
        if (node == null || !node.isObject()) {
            throw new InvalidSignatureException(name + " is not a JSON object");
        }
    }

    static String string(JsonNode node, String name) throws InvalidSignatureException {
        if (node == null || !node.isTextual()) {
            throw new InvalidSignatureException(name + " is not a string");
        }
        return node.textValue();
    }

    /** A JSON string holding standard base64, decoded (Go's encoding of {@code []byte}). */
    static byte[] base64(JsonNode node, String name) throws InvalidSignatureException {
        String text = string(node, name);
        try {
            return goBase64(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(name + " is not valid base64");
        }
    }

    /** Standard base64 as Go's {@code base64.StdEncoding} decodes it: padding required, CR and LF ignored. */
    static byte[] goBase64(String text) {
        return Base64.getDecoder().decode(text.replace("\r", "").replace("\n", ""));
    }

    /** A JSON integer number within the range of a {@code long}. */
    static long int64(JsonNode node, String name) throws InvalidSignatureException {
        if (node == null || !node.isIntegralNumber()) {
            throw new InvalidSignatureException(name + " is not an integer");
        }
        BigDecimal value = node.decimalValue();
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidSignatureException(name + " is out of range");
        }
    }
}
