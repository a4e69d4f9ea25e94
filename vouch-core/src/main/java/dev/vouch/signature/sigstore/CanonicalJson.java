package dev.vouch.signature.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.signature.InvalidSignatureException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (RFC 8785) that Rekor signs: members sorted by their UTF-16 code units, no
 * whitespace, strings with minimal escaping, numbers as ECMAScript prints them. Only numbers that are integers below
 * 10^21 in magnitude are supported (ECMAScript prints those as plain digits); any other number is rejected, which can
 * only reject data that a Rekor SET never contains.
 */
final class CanonicalJson {
    private static final BigDecimal LIMIT = new BigDecimal("1e21");

    private CanonicalJson() {
    }

    static byte[] canonicalize(JsonNode node) throws InvalidSignatureException {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out) throws InvalidSignatureException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                members.add(it.next());
            }
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(members.get(i).getKey(), out);
                out.append(':');
                write(members.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isNumber()) {
            number(node.decimalValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new InvalidSignatureException("unexpected JSON value in canonicalization");
        }
    }

    private static void number(BigDecimal value, StringBuilder out) throws InvalidSignatureException {
        // JSON numbers are IEEE doubles in JCS: round first, as ECMAScript does.
        double asDouble = value.doubleValue();
        if (Double.isInfinite(asDouble)) {
            throw new InvalidSignatureException("number out of range in canonicalization");
        }
        BigDecimal rounded = new BigDecimal(asDouble);
        if (rounded.abs().compareTo(LIMIT) >= 0 || rounded.stripTrailingZeros().scale() > 0) {
            throw new InvalidSignatureException("unsupported number " + value + " in canonicalization");
        }
        out.append(rounded.toBigIntegerExact());
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
