package dev.vouch.registry.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.io.AtomicFiles;
import dev.vouch.io.ParseErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Stores and removes registry credentials in a containers-auth.json file ({@code auths.REGISTRY.auth} =
 * base64 of {@code user:password}), as {@code podman login/logout} do. Every other entry and field of the file is
 * kept; the file is replaced atomically with mode 0600, in a directory created with mode 0700.
 */
public final class AuthFileWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AuthFileWriter() {
    }

    /**
     * The file {@code login} writes to when none is given: {@code $REGISTRY_AUTH_FILE}, else
     * {@code $XDG_RUNTIME_DIR/containers/auth.json}, else {@code $HOME/.config/containers/auth.json}.
     */
    public static Path defaultPath(Path home, Map<String, String> environment) {
        String explicit = environment.get("REGISTRY_AUTH_FILE");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            return Path.of(runtime, "containers", "auth.json");
        }
        return home.resolve(".config/containers/auth.json");
    }

    /** Stores {@code credentials} for {@code registry}, replacing what was stored for it. */
    public static void store(Path file, String registry, Credentials credentials) throws IOException {
        ObjectNode root = read(file).orElseGet(JSON::createObjectNode);
        JsonNode auths = root.get("auths");
        ObjectNode authsObject = auths instanceof ObjectNode object ? object : root.putObject("auths");
        ObjectNode entry = authsObject.putObject(registry);
        entry.put("auth", Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8)));
        write(file, root);
    }

    /** Removes the credentials of {@code registry}; false if none were stored. */
    public static boolean remove(Path file, String registry) throws IOException {
        Optional<ObjectNode> root = read(file);
        if (root.isEmpty() || !(root.get().get("auths") instanceof ObjectNode auths) || auths.remove(registry) == null) {
            return false;
        }
        write(file, root.get());
        return true;
    }

    /** Removes every stored credential ({@code auths}); false if there were none. */
    public static boolean removeAll(Path file) throws IOException {
        Optional<ObjectNode> root = read(file);
        if (root.isEmpty() || !(root.get().get("auths") instanceof ObjectNode auths) || auths.isEmpty()) {
            return false;
        }
        auths.removeAll();
        write(file, root.get());
        return true;
    }

    private static Optional<ObjectNode> read(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > AuthFile.MAX_BYTES) {
                throw new IOException(file + ": larger than " + AuthFile.MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + ParseErrors.describe(e), e);
        }
        if (node == null || node.isMissingNode()) {
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IOException(file + ": not a JSON object");
        }
        return Optional.of(object);
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        AtomicFiles.replace(file, JSON.writeValueAsBytes(root), PosixFilePermissions.fromString("rw-------"));
    }
}
