package dev.vouch.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secrets kept in files of their own (a token, a password: for example a mounted Kubernetes Secret): the whole
 * content without surrounding white space, one token of at most {@value #MAX_BYTES} bytes. Errors name the setting
 * and the file, never the content.
 */
public final class SecretFiles {
    public static final int MAX_BYTES = 4096;

    private SecretFiles() {
    }

    /**
     * Reads the secret in {@code file}.
     *
     * @param setting the configuration field that names the file, for error messages
     * @throws IOException with a one-line message starting with {@code setting: file:}
     */
    public static String read(String setting, Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(setting + ": " + file + ": must be at most " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(setting + ": ")) {
                throw e;
            }
            throw new IOException(setting + ": " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")",
                    e);
        }
        String secret = new String(bytes, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty() || secret.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IOException(setting + ": " + file + ": must hold one value without spaces or control"
                    + " characters");
        }
        return secret;
    }
}
