package dev.vouch.signature.openpgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;

/**
 * ASCII armor (RFC 4880 section 6): splits a text into its {@code -----BEGIN PGP <TYPE>-----} blocks and
 * decodes each one, checking the CRC when present.
 */
final class Armor {

    /** One armored block; {@code data} is empty for a cleartext-signed message, which is never decoded here. */
    record Block(String type, byte[] data) {
    }

    static final String CLEARTEXT_TYPE = "SIGNED MESSAGE";

    private static final String BEGIN = "-----BEGIN PGP ";
    private static final String DASHES = "-----";

    private Armor() {
    }

    /** True if the data starts with text: binary OpenPGP data always starts with a byte that has bit 7 set. */
    static boolean looksArmored(byte[] data) {
        return data.length > 0 && (data[0] & 0x80) == 0;
    }

    /**
     * Decodes every armored block of {@code data}. With {@code onlyWhitespaceAround}, any other text before,
     * between or after the blocks is an error; otherwise it is ignored, as gpg does for key files.
     */
    static List<Block> decodeAll(byte[] data, boolean onlyWhitespaceAround) throws IOException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, pos);
            checkGap(text, pos, begin < 0 ? text.length() : begin, onlyWhitespaceAround);
            if (begin < 0) {
                break;
            }
            int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
            int lineEnd = text.indexOf('\n', begin);
            if (typeEnd < 0 || (lineEnd >= 0 && typeEnd > lineEnd)) {
                throw new IOException("malformed armor header line");
            }
            String type = text.substring(begin + BEGIN.length(), typeEnd);
            String endType = type.equals(CLEARTEXT_TYPE) ? "SIGNATURE" : type;
            String endLine = "-----END PGP " + endType + DASHES;
            int end = text.indexOf(endLine, typeEnd);
            if (end < 0) {
                throw new IOException("armored block \"BEGIN PGP " + type + "\" has no \"END PGP " + endType
                        + "\" line");
            }
            int blockEnd = end + endLine.length();
            if (type.equals(CLEARTEXT_TYPE)) {
                blocks.add(new Block(type, new byte[0]));
            } else {
                blocks.add(new Block(type, decode(data, begin, blockEnd)));
            }
            pos = blockEnd;
        }
        return blocks;
    }

    private static byte[] decode(byte[] data, int from, int to) throws IOException {
        byte[] slice = java.util.Arrays.copyOfRange(data, from, to);
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(slice))) {
            return in.readAllBytes();
        } catch (RuntimeException e) {
            throw new IOException("malformed armor: " + e.getMessage(), e);
        }
    }

    private static void checkGap(String text, int from, int to, boolean onlyWhitespace) throws IOException {
        if (!onlyWhitespace) {
            return;
        }
        for (int i = from; i < to; i++) {
            if (!isWhitespace((byte) text.charAt(i))) {
                throw new IOException(from == 0 && to == text.length()
                        ? "no armored block found"
                        : "unexpected text outside the armored block");
            }
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
