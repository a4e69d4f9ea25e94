package dev.vouch.signature.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * PEM decoding with the semantics of Go's {@code encoding/pem.Decode}: text before the first {@code -----BEGIN}
 * line is skipped, header lines ({@code Key: value}) are ignored, the body is base64, and what follows the
 * {@code -----END} line is the rest. A block with an invalid body is skipped, as Go does.
 */
final class Pem {

    /** One decoded block and the bytes after it. */
    record Block(String type, byte[] bytes, byte[] rest) {
    }

    private Pem() {
    }

    /** The first valid block in {@code data}, if any. */
    static Optional<Block> decode(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return Optional.empty();
            }
            from = begin + 1;
            if (begin != 0 && text.charAt(begin - 1) != '\n') {
                continue;
            }
            int typeEnd = text.indexOf("-----", begin + 11);
            int lineEnd = lineEnd(text, begin);
            if (typeEnd < 0 || typeEnd + 5 != trimmedLineEnd(text, begin, lineEnd)) {
                continue;
            }
            String type = text.substring(begin + 11, typeEnd);
            String endMarker = "-----END " + type + "-----";
            int end = text.indexOf("\n" + endMarker, lineEnd - 1);
            if (end < 0) {
                continue;
            }
            Optional<byte[]> body = body(text.substring(Math.min(lineEnd + 1, end + 1), end + 1));
            if (body.isEmpty()) {
                continue;
            }
            int afterEnd = end + 1 + endMarker.length();
            int restStart = lineEnd(text, afterEnd);
            if (!text.substring(afterEnd, Math.min(restStart, text.length())).isBlank()) {
                continue;
            }
            restStart = Math.min(restStart + 1, text.length());
            byte[] rest = text.substring(restStart).getBytes(StandardCharsets.ISO_8859_1);
            return Optional.of(new Block(type, body.get(), rest));
        }
    }

    /** {@code bytes} as one PEM block of {@code type}, with 64-character lines, as Go's {@code pem.Encode} writes. */
    static byte[] encode(String type, byte[] bytes) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(bytes);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Every valid block in {@code data}, in order. */
    static List<Block> decodeAll(byte[] data) {
        List<Block> blocks = new ArrayList<>();
        byte[] rest = data;
        Optional<Block> block;
        while ((block = decode(rest)).isPresent()) {
            blocks.add(block.get());
            rest = block.get().rest();
        }
        return blocks;
    }

    private static Optional<byte[]> body(String lines) {
        StringBuilder base64 = new StringBuilder();
        boolean headers = true;
        for (String line : lines.split("\n", -1)) {
            String trimmed = line.strip();
            if (headers && trimmed.contains(":")) {
                continue;
            }
            headers = false;
            base64.append(trimmed);
        }
        try {
            return Optional.of(Base64.getDecoder().decode(base64.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    private static int trimmedLineEnd(String text, int from, int lineEnd) {
        int end = lineEnd;
        while (end > from && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
