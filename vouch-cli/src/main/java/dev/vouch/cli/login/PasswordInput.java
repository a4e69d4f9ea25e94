package dev.vouch.cli.login;

import dev.vouch.cli.UserInputException;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the user name and password for login: from standard input, or prompted on the terminal without echo. */
final class PasswordInput {
    private static final int MAX_BYTES = 64 * 1024;

    private PasswordInput() {
    }

    /** All of {@code in}, without one trailing line break, as {@code --password-stdin} reads it. */
    static String fromStream(InputStream in) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buffer.write(chunk, 0, n);
                if (buffer.size() > MAX_BYTES) {
                    throw new UserInputException("the password on standard input is longer than " + MAX_BYTES
                            + " bytes");
                }
            }
        } catch (IOException e) {
            throw new UserInputException("reading the password from standard input: " + e.getMessage());
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    static String promptUsername() {
        Console console = console("--username");
        String user = console.readLine("Username: ");
        if (user == null || user.strip().isEmpty()) {
            throw new UserInputException("a user name is required");
        }
        return user.strip();
    }

    static String promptPassword() {
        char[] password = console("--password-stdin").readPassword("Password: ");
        if (password == null || password.length == 0) {
            throw new UserInputException("a password is required");
        }
        return new String(password);
    }

    private static Console console(String option) {
        Console console = System.console();
        if (console == null) {
            throw new UserInputException("not running on a terminal: give " + option);
        }
        return console;
    }
}
