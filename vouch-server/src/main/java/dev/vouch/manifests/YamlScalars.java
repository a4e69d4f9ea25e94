package dev.vouch.manifests;

import dev.vouch.io.GoJson;
import java.util.regex.Pattern;

/** Writes a string as a YAML scalar that reads back as exactly that string. */
final class YamlScalars {
    /**
     * Plain only for what cannot be mistaken for anything else in YAML 1.1 or 1.2, in block or flow context: image
     * references and similar names that contain a {@code /} or {@code @} (so never a number, boolean, null or date).
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@:+-]*[A-Za-z0-9]");

    private YamlScalars() {
    }

    static String plainOrDoubleQuoted(String value) {
        boolean plain = PLAIN.matcher(value).matches() && (value.contains("/") || value.contains("@"));
        return plain ? value : doubleQuoted(value);
    }

    static String singleQuoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                return doubleQuoted(value);
            }
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A JSON string (as Go writes it) is a valid YAML double-quoted scalar; the characters YAML does not allow
     * unescaped but JSON does (DEL, NEL, the byte order mark) are escaped too.
     */
    static String doubleQuoted(String value) {
        return GoJson.quote(value).replace("\u007f", "\\u007f").replace("\u0085", "\\u0085")
                .replace("\ufeff", "\\ufeff");
    }
}
