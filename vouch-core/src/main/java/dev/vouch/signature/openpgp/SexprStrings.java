package dev.vouch.signature.openpgp;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Rewrites binary values that GnuPG stored as quoted strings into {@code #hex#} form, in a
 * {@code private-keys-v1.d} key file, before BouncyCastle parses it.
 *
 * <p>libgcrypt writes any byte string as {@code "..."} when it happens to contain no control characters (for a
 * random 8-byte S2K salt, a few percent of keys), and BouncyCastle 1.87 then fails to read the salt. Strings of
 * plain printable ASCII (the S2K count, {@code protected-at} timestamps) are left as they are.
 */
final class SexprStrings {

    private SexprStrings() {
    }

    static byte[] binaryStringsAsHex(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 64);
        int i = 0;
        while (i < file.length) {
            byte b = file[i];
            if (b == '#' || b == '|') {
                int end = indexOf(file, b, i + 1);
                out.write(file, i, end + 1 - i);
                i = end + 1;
            } else if (b == '"') {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                int end = readQuoted(file, i + 1, value);
                byte[] bytes = value.toByteArray();
                if (isPlainAscii(bytes)) {
                    out.write(file, i, end + 1 - i);
                } else {
                    out.writeBytes(("#" + HexFormat.of().withUpperCase().formatHex(bytes) + "#").getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII));
                }
                i = end + 1;
            } else {
                out.write(b);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Decodes a quoted string starting after its opening quote; returns the index of the closing quote. */
    private static int readQuoted(byte[] in, int start, ByteArrayOutputStream value) {
        int i = start;
        while (i < in.length && in[i] != '"') {
            if (in[i] != '\\' || i + 1 >= in.length) {
                value.write(in[i++]);
                continue;
            }
            byte e = in[i + 1];
            switch (e) {
                case 'b' -> value.write('\b');
                case 't' -> value.write('\t');
                case 'v' -> value.write(0x0b);
                case 'n' -> value.write('\n');
                case 'f' -> value.write('\f');
                case 'r' -> value.write('\r');
                case '\n', '\r' -> { } // line continuation
                case 'x' -> {
                    value.write(Integer.parseInt(new String(in, i + 2, 2, java.nio.charset.StandardCharsets.US_ASCII),
                            16));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7' && i + 3 < in.length) {
                        value.write(Integer.parseInt(new String(in, i + 1, 3,
                                java.nio.charset.StandardCharsets.US_ASCII), 8));
                        i += 2;
                    } else {
                        value.write(e);
                    }
                }
            }
            i += 2;
        }
        return Math.min(i, in.length - 1);
    }

    private static boolean isPlainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] in, byte wanted, int from) {
        for (int i = from; i < in.length; i++) {
            if (in[i] == wanted) {
                return i;
            }
        }
        return in.length - 1;
    }
}
