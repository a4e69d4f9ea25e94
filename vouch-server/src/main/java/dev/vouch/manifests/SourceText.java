package dev.vouch.manifests;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The decoded text of a file and the translation of SnakeYAML Engine's marks (code point indexes) into char offsets
 * of that text, which differ only when the file has characters outside the Basic Multilingual Plane.
 */
final class SourceText {
    private final String text;
    private final int[] charOffsets;

    SourceText(String text) {
        this.text = text;
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints == text.length()) {
            charOffsets = null;
        } else {
            charOffsets = new int[codePoints + 1];
            int offset = 0;
            for (int i = 0; i < codePoints; i++) {
                charOffsets[i] = offset;
                offset += Character.charCount(text.codePointAt(offset));
            }
            charOffsets[codePoints] = offset;
        }
    }

    String text() {
        return text;
    }

    /** The line break the file uses first ({@code \n} if it has none). */
    String lineBreak() {
        int newline = text.indexOf('\n');
        return newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
    }

    int offset(Mark mark) {
        return charOffsets == null ? mark.getIndex() : charOffsets[mark.getIndex()];
    }

    int start(Node node) {
        return offset(node.getStartMark().orElseThrow());
    }

    int end(Node node) {
        return offset(node.getEndMark().orElseThrow());
    }

    /** The 1-based line of a node's start. */
    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    int lineStart(int offset) {
        return text.lastIndexOf('\n', offset - 1) + 1;
    }

    /** The number of chars between the start of the line and {@code offset}. */
    int column(int offset) {
        return offset - lineStart(offset);
    }

    /** Whether only blanks precede {@code offset} on its line. */
    boolean startsLine(int offset) {
        return text.substring(lineStart(offset), offset).isBlank();
    }

    /** The offset just after the line break ending the line that contains {@code offset}, or the end of the text. */
    int nextLineStart(int offset) {
        if (offset > 0 && offset <= text.length() && text.charAt(offset - 1) == '\n') {
            return offset;
        }
        int newline = text.indexOf('\n', offset);
        return newline < 0 ? text.length() : newline + 1;
    }
}
