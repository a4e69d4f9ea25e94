package dev.vouch.policy.json;

import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON paths as shown in policy error messages: {@code transports.docker["quay.io/x"][0].signedIdentity.type}.
 * Field names that are simple identifiers use dot notation, others (and every scope) use {@code ["..."]}.
 */
final class JsonPath {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPath() {
    }

    static String field(String parent, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            return quoted(parent, name);
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String quoted(String parent, String name) {
        return parent + "[" + quote(name) + "]";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** A path from segments (String field names, Integer indexes); keys under {@code transports.X} are scopes. */
    static String of(List<Object> segments) {
        String path = "";
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            if (segment instanceof Integer index) {
                path = index(path, index);
            } else if (i == 2 && "transports".equals(segments.get(0))) {
                path = quoted(path, (String) segment);
            } else {
                path = field(path, (String) segment);
            }
        }
        return path;
    }

    /** {@code value} as a JSON string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
