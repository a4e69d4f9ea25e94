package dev.vouch.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.io.AtomicFiles;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes containers-auth.json as {@code podman login} and {@code podman logout} do: {@code auths[KEY].auth} is
 * {@code base64(user:password)}; every other entry and every unknown field is kept. The file is replaced atomically
 * with mode 0600; a missing directory is created with mode 0700.
 */
public final class AuthFileWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AuthFileWriter() {
    }

    /**
     * The file {@code podman login} writes when {@code --authfile} is not given: {@code $REGISTRY_AUTH_FILE}, else
     * {@code $XDG_RUNTIME_DIR/containers/auth.json} (that directory must exist), else
     * {@code /run/containers/UID/auth.json}.
     */
    public static Path defaultPath(Map<String, String> environment) throws IOException {
        String override = environment.get("REGISTRY_AUTH_FILE");
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            if (!Files.isDirectory(Path.of(runtime))) {
                throw new IOException("the directory " + runtime + " set by $XDG_RUNTIME_DIR does not exist; create it"
                        + " or unset $XDG_RUNTIME_DIR");
            }
            return Path.of(runtime, "containers", "auth.json");
        }
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        return Path.of("/run/containers", Long.toString(uid), "auth.json");
    }

    /**
     * The credentials stored under exactly {@code key} ({@code auths[key].auth}), if any: what {@code podman login}
     * tries before prompting. An entry that is not {@code base64(user:password)} counts as none.
     */
    public static Optional<Credentials> stored(Path file, String key) throws IOException {
        String auth = read(file).path("auths").path(key).path("auth").asText("");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(auth.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(text.substring(0, colon), text.substring(colon + 1)));
    }

    /** Sets {@code auths[key]} to {@code credentials}, replacing any entry for that key. */
    public static void store(Path file, String key, Credentials credentials) throws IOException {
        ObjectNode root = read(file);
        String auth = Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        auths(root, file).putObject(key).put("auth", auth);
        write(file, root);
    }

    /**
     * Removes the entry for {@code key} (and, for a bare host, the legacy {@code https://host/v1/}-style keys that
     * mean the same registry). Returns whether anything was removed; the file is left untouched if not.
     */
    public static boolean remove(Path file, String key) throws IOException {
        ObjectNode root = read(file);
        JsonNode auths = root.path("auths");
        if (!auths.isObject()) {
            return false;
        }
        List<String> matching = new ArrayList<>();
        for (Iterator<String> names = auths.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals(key) || (!key.contains("/") && !name.equals(AuthFile.normalizeKey(name, false))
                    && AuthFile.normalizeKey(name, false).equals(key))) {
                matching.add(name);
            }
        }
        if (matching.isEmpty()) {
            return false;
        }
        ((ObjectNode) auths).remove(matching);
        write(file, root);
        return true;
    }

    /** Removes every {@code auths} entry; returns whether there was any. Other fields are kept. */
    public static boolean removeAll(Path file) throws IOException {
        ObjectNode root = read(file);
        JsonNode auths = root.path("auths");
        if (!auths.isObject() || auths.isEmpty()) {
            return false;
        }
        ((ObjectNode) auths).removeAll();
        write(file, root);
        return true;
    }

    private static ObjectNode auths(ObjectNode root, Path file) throws IOException {
        JsonNode auths = root.get("auths");
        if (auths == null || auths.isNull()) {
            return root.putObject("auths");
        }
        if (!auths.isObject()) {
            throw new IOException("credentials file " + file + ": \"auths\" is not a JSON object");
        }
        return (ObjectNode) auths;
    }

    private static ObjectNode read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = new BoundedInputStream(Files.newInputStream(file), AuthFile.MAX_BYTES)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (LimitExceededException e) {
            throw new IOException("credentials file " + file + " is larger than " + AuthFile.MAX_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("credentials file " + file + " is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IOException("credentials file " + file + " is not a JSON object");
        }
        return (ObjectNode) root;
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        byte[] content = (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.replace(file, content, PosixFilePermissions.fromString("rw-------"));
    }
}
