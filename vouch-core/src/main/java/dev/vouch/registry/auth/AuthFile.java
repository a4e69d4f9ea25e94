package dev.vouch.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One credentials file: containers-auth.json / {@code ~/.docker/config.json} ({@code {"auths":{KEY:{"auth":B64}},
 * "credHelpers":{HOST:NAME}}}), the legacy {@code ~/.dockercfg} (the {@code auths} map alone), or the content of a
 * Kubernetes pull secret ({@code .dockerconfigjson} has the first shape, {@code .dockercfg} the second).
 *
 * <p>Lookup for an image {@code host/ns/repo} (containers/image's order): a {@code credHelpers} entry for the host
 * runs that helper; else the {@code auths} keys {@code host/ns/repo}, {@code host/ns}, {@code host} exactly (legacy
 * files: only {@code host}); else any key that normalizes to the host ({@code https://host/v1/} and similar forms).
 */
final class AuthFile {
    static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final boolean legacy;
    private final String described;

    AuthFile(Path path, boolean legacy) {
        this(path, legacy, "credentials file " + path);
    }

    private AuthFile(Path path, boolean legacy, String described) {
        this.path = path;
        this.legacy = legacy;
        this.described = described;
    }

    Path path() {
        return path;
    }

    /** Credentials for {@code reference} in this file; empty if the file does not exist or has none. */
    Optional<Credentials> find(ImageReference reference, Map<String, String> environment) throws IOException {
        Optional<JsonNode> content = read();
        if (content.isEmpty()) {
            return Optional.empty();
        }
        return lookup(content.get(), reference, Optional.of(environment));
    }

    /**
     * Credentials for {@code reference} in {@code content}, the data of a Kubernetes pull secret named
     * {@code described} in errors. Credential helpers are never run for such content ({@code credHelpers} and
     * {@code credsStore} are ignored, as the kubelet ignores them): whoever writes a secret must not choose a program
     * for vouch to run.
     */
    static Optional<Credentials> findInContent(String described, byte[] content, boolean legacy,
                                               ImageReference reference) throws IOException {
        if (content.length > MAX_BYTES) {
            throw new IOException(described + " is larger than " + MAX_BYTES + " bytes");
        }
        AuthFile file = new AuthFile(Path.of(""), legacy, described);
        return file.lookup(file.parse(content), reference, Optional.empty());
    }

    /** The lookup in a parsed file; {@code environment} empty: credential helpers are not allowed. */
    private Optional<Credentials> lookup(JsonNode root, ImageReference reference,
                                         Optional<Map<String, String>> environment) throws IOException {
        boolean bareMap = legacy || !(root.has("auths") || root.has("credHelpers"));
        String registry = reference.domain();
        if (!bareMap && environment.isPresent()) {
            JsonNode helper = root.path("credHelpers").path(registry);
            if (helper.isTextual()) {
                return CredentialHelper.get(helper.asText(), registry, environment.get());
            }
        }
        JsonNode auths = bareMap ? root : root.path("auths");
        if (!auths.isObject()) {
            return Optional.empty();
        }
        List<String> keys = bareMap ? List.of(registry) : keysFor(reference);
        for (String key : keys) {
            if (auths.has(key)) {
                return decode(key, auths.get(key));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (normalizeKey(entry.getKey(), bareMap).equals(normalizeRegistry(registry))) {
                return decode(entry.getKey(), entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code host/a/b}, {@code host/a}, {@code host} for {@code host/a/b}. */
    static List<String> keysFor(ImageReference reference) {
        List<String> keys = new ArrayList<>();
        String key = reference.name();
        while (true) {
            keys.add(key);
            int slash = key.lastIndexOf('/');
            if (slash < 0) {
                return keys;
            }
            key = key.substring(0, slash);
        }
    }

    /** Strips {@code http(s)://} and, for such URLs and legacy files, everything from the first {@code /}. */
    static String normalizeKey(String key, boolean legacyFormat) {
        String stripped = key;
        if (stripped.startsWith("http://")) {
            stripped = stripped.substring("http://".length());
        } else if (stripped.startsWith("https://")) {
            stripped = stripped.substring("https://".length());
        }
        if (legacyFormat || !stripped.equals(key)) {
            int slash = stripped.indexOf('/');
            if (slash >= 0) {
                stripped = stripped.substring(0, slash);
            }
        }
        return normalizeRegistry(stripped);
    }

    private static String normalizeRegistry(String registry) {
        return switch (registry) {
            case "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> registry;
        };
    }

    private Optional<Credentials> decode(String key, JsonNode entry) throws IOException {
        String auth = entry.path("auth").asText("");
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(auth.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(described + ": the auth value of \"" + key
                    + "\" is not valid base64");
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0) {
            // as containers/image (and docker) do: an entry that is not USER:PASSWORD is skipped
            return Optional.empty();
        }
        String password = text.substring(colon + 1).replaceAll("^\u0000+|\u0000+$", "");
        return Optional.of(new Credentials(text.substring(0, colon), password));
    }

    private Optional<JsonNode> read() throws IOException {
        byte[] bytes;
        try (InputStream in = new BoundedInputStream(Files.newInputStream(path), MAX_BYTES)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (LimitExceededException e) {
            throw new IOException(described + " is larger than " + MAX_BYTES + " bytes");
        }
        return Optional.of(parse(bytes));
    }

    /** The JSON object in {@code bytes}; errors name the file, never quote its content. */
    private JsonNode parse(byte[] bytes) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(described + " is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(described + " is not a JSON object");
        }
        return root;
    }
}
