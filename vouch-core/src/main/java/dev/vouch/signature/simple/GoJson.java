package dev.vouch.signature.simple;

/**
 * JSON string encoding as Go's {@code encoding/json} writes it (which skopeo uses for payloads): besides the
 * mandatory escapes, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are written as {@code \\uXXXX}.
 */
public final class GoJson {

    private GoJson() {
    }

    /** {@code value} as a JSON string literal, escaped as Go escapes it. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
