package dev.vouch.cli.signing;

import dev.vouch.cli.UserInputException;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Passphrases of signing keys: the first line of a file (as skopeo's {@code --sign-passphrase-file} reads it), or
 * typed on the terminal without echo. They are held as characters for the caller to clear, and never printed.
 */
final class Passphrases {
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private Passphrases() {
    }

    /** The first line of {@code file}, without its line break. */
    static char[] fromFile(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UserInputException(file + ": too large to be a passphrase file");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException(file + ": the passphrase file cannot be read");
        }
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
            char[] passphrase = new char[chars.remaining()];
            chars.get(passphrase);
            Arrays.fill(chars.array(), '\0');
            return passphrase;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Asks once on the terminal; {@code option} is what to use instead when there is no terminal. */
    static char[] prompt(String question, String option) {
        char[] answer = console(option).readPassword("%s", question);
        if (answer == null) {
            throw new UserInputException("no passphrase was entered");
        }
        return answer;
    }

    /** Asks twice on the terminal, for a new passphrase; the two answers must be equal. */
    static char[] promptNew(String option) {
        Console console = console(option);
        char[] first = console.readPassword("Enter a passphrase for the new key: ");
        char[] second = console.readPassword("Enter the passphrase again: ");
        try {
            if (first == null || second == null) {
                throw new UserInputException("no passphrase was entered");
            }
            if (!Arrays.equals(first, second)) {
                throw new UserInputException("the two passphrases differ");
            }
            return first.clone();
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    private static Console console(String option) {
        Console console = System.console();
        if (console == null) {
            throw new UserInputException("not running on a terminal: give the passphrase with " + option);
        }
        return console;
    }
}
