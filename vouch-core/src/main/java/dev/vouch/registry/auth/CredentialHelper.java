package dev.vouch.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A docker credential helper: {@code docker-credential-NAME get}, given the registry host on standard input,
 * prints {@code {"ServerURL":...,"Username":...,"Secret":...}}; "credentials not found" means there are none.
 */
final class CredentialHelper {
    static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialHelper() {
    }

    /** Runs the helper found on {@code environment}'s {@code PATH}. */
    static Optional<Credentials> get(String helper, String registry, Map<String, String> environment)
            throws IOException {
        if (helper.isEmpty() || helper.contains("/")) {
            throw new IOException("invalid credential helper name \"" + helper + "\"");
        }
        String program = "docker-credential-" + helper;
        Path executable = find(program, environment).orElseThrow(() -> new IOException("credential helper "
                + program + " for " + registry + " is not on the PATH"));
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "get")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("running credential helper " + program + " for " + registry + ": "
                    + e.getMessage(), e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(registry.getBytes(StandardCharsets.UTF_8));
            } catch (IOException exitedWithoutReading) {
                // the helper did not read its input; its exit code and output tell what happened
            }
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readNBytes(MAX_OUTPUT_BYTES);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("credential helper " + program + " did not finish within " + TIMEOUT_SECONDS
                        + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                if (text.contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new IOException("credential helper " + program + " failed for " + registry + " (exit "
                        + process.exitValue() + ")");
            }
            return parse(text, program, registry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running credential helper " + program, e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Optional<Path> find(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String directory : path.split(":")) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Credentials> parse(String text, String program, String registry) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IOException("credential helper " + program + " printed something other than JSON for "
                    + registry);
        }
        String username = root == null ? "" : root.path("Username").asText("");
        String secret = root == null ? "" : root.path("Secret").asText("");
        if (username.equals("<token>")) {
            throw new IOException("credential helper " + program + " gave an identity token for " + registry
                    + "; identity tokens are not supported");
        }
        if (username.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(username, secret));
    }
}
