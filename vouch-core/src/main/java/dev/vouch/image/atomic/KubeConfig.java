package dev.vouch.image.atomic;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.io.ParseErrors;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The OpenShift API server and the credentials for it, from a kubeconfig as containers/image's {@code atomic}
 * transport reads one: the files named by {@code $KUBECONFIG} (separated by {@code :}; missing ones skipped; the
 * first file to define a name or the current context wins), else {@code ~/.kube/config}. The current context names
 * a cluster ({@code server}, {@code certificate-authority} or {@code certificate-authority-data},
 * {@code insecure-skip-tls-verify}) and a user ({@code token}, or {@code username}/{@code password}). As in
 * containers/image, credentials are used only when the server is reached over HTTPS. Client certificates in the
 * kubeconfig are refused (vouch does not send them). Relative file names are relative to the kubeconfig's directory.
 *
 * @param server the API server's base URL
 * @param certificateAuthorities PEM certificates to trust instead of the system's; empty for the system's
 * @param insecureSkipTlsVerify whether the server's certificate is not checked
 * @param bearerToken a bearer token (never printed)
 * @param username a user for basic authentication
 * @param password its password (never printed)
 */
record KubeConfig(URI server, Optional<byte[]> certificateAuthorities, boolean insecureSkipTlsVerify,
                  Optional<String> bearerToken, Optional<String> username, Optional<String> password) {
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    /** The settings of the current context. */
    static KubeConfig load(Map<String, String> environment, Path home) throws IOException {
        List<Path> files = new ArrayList<>();
        String variable = environment.getOrDefault("KUBECONFIG", "");
        if (!variable.isEmpty()) {
            for (String name : variable.split(":")) {
                if (!name.isEmpty()) {
                    files.add(Path.of(name));
                }
            }
        } else {
            files.add(home.resolve(".kube").resolve("config"));
        }
        Merged merged = new Merged();
        for (Path file : files) {
            Optional<Map<String, Object>> document = read(file);
            if (document.isPresent()) {
                merged.add(file, document.get());
            }
        }
        return merged.currentContext(files);
    }

    @Override
    public String toString() {
        return "KubeConfig[server=" + server + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify
                + ", bearerToken=" + (bearerToken.isPresent() ? "<redacted>" : "none") + ", username=" + username
                + ", password=" + (password.isPresent() ? "<redacted>" : "none") + "]";
    }

    /** Named entries in the order files were read, each with the directory of the file that defined it. */
    private static final class Merged {
        private String currentContext = "";
        private final Map<String, Entry> contexts = new LinkedHashMap<>();
        private final Map<String, Entry> clusters = new LinkedHashMap<>();
        private final Map<String, Entry> users = new LinkedHashMap<>();

        private record Entry(Path directory, Map<String, Object> fields) {
        }

        void add(Path file, Map<String, Object> document) throws IOException {
            String current = string(document, "current-context", file).orElse("");
            if (currentContext.isEmpty()) {
                currentContext = current;
            }
            named(document, "contexts", "context", file, contexts);
            named(document, "clusters", "cluster", file, clusters);
            named(document, "users", "user", file, users);
        }

        private static void named(Map<String, Object> document, String listKey, String itemKey, Path file,
                                  Map<String, Entry> into) throws IOException {
            Object list = document.get(listKey);
            if (list == null) {
                return;
            }
            if (!(list instanceof List<?> items)) {
                throw new IOException(file + ": \"" + listKey + "\" must be a list");
            }
            for (Object item : items) {
                Map<String, Object> named = mapping(item, file, listKey);
                String name = string(named, "name", file).orElse("");
                Map<String, Object> fields = named.get(itemKey) == null ? Map.of()
                        : mapping(named.get(itemKey), file, listKey + "." + itemKey);
                Path directory = file.toAbsolutePath().getParent();
                into.putIfAbsent(name, new Entry(directory, fields));
            }
        }

        KubeConfig currentContext(List<Path> files) throws IOException {
            String where = "kubeconfig " + files;
            Entry context = contexts.get(currentContext);
            if (context == null) {
                throw new IOException(where + ": no current context (the OpenShift API server of atomic: images "
                        + "comes from the kubeconfig's current-context, as for oc and skopeo)");
            }
            String clusterName = string(context.fields(), "cluster", files.get(0)).orElse("");
            String userName = string(context.fields(), "user", files.get(0)).orElse("");
            Entry cluster = clusters.get(clusterName);
            if (cluster == null) {
                throw new IOException(where + ": context \"" + currentContext + "\" names no known cluster");
            }
            Path clusterFile = cluster.directory();
            String server = string(cluster.fields(), "server", clusterFile).orElse("");
            if (server.isEmpty()) {
                throw new IOException(where + ": no server found for cluster \"" + clusterName + "\"");
            }
            URI uri;
            try {
                uri = new URI(server);
            } catch (URISyntaxException e) {
                throw new IOException(where + ": invalid server URL " + server);
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null) {
                throw new IOException(where + ": server must be an http or https URL, got " + server);
            }
            Optional<String> caFile = string(cluster.fields(), "certificate-authority", clusterFile);
            Optional<String> caData = string(cluster.fields(), "certificate-authority-data", clusterFile);
            if (caFile.isPresent() && caData.isPresent()) {
                throw new IOException(where + ": certificate-authority-data and certificate-authority are both "
                        + "specified for cluster \"" + clusterName + "\"");
            }
            Optional<byte[]> authorities = Optional.empty();
            if (caData.isPresent()) {
                authorities = Optional.of(base64(caData.get(), where + ": certificate-authority-data"));
            } else if (caFile.isPresent()) {
                authorities = Optional.of(readLimited(cluster.directory().resolve(caFile.get())));
            }
            Object insecure = cluster.fields().getOrDefault("insecure-skip-tls-verify", false);
            if (!(insecure instanceof Boolean)) {
                throw new IOException(where + ": insecure-skip-tls-verify must be a boolean");
            }
            Map<String, Object> user = Optional.ofNullable(users.get(userName)).map(Entry::fields).orElse(Map.of());
            for (String key : List.of("client-certificate", "client-certificate-data", "client-key",
                    "client-key-data")) {
                if (user.get(key) != null) {
                    throw new IOException(where + ": user \"" + userName + "\" uses " + key
                            + "; client certificates for the OpenShift API are not supported, use a token");
                }
            }
            boolean tls = uri.getScheme().equals("https");
            Optional<String> token = string(user, "token", clusterFile).filter(t -> tls && !t.isEmpty());
            Optional<String> name = string(user, "username", clusterFile).filter(u -> tls && !u.isEmpty());
            Optional<String> password = string(user, "password", clusterFile).filter(p -> tls && name.isPresent());
            return new KubeConfig(uri, authorities, (Boolean) insecure, token, name, password);
        }
    }

    private static Optional<Map<String, Object>> read(Path file) throws IOException {
        byte[] content;
        try {
            content = readLimited(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(0)
                .setCodePointLimit(MAX_FILE_BYTES).setLabel(file.toString()).build();
        Object root;
        try {
            root = new Load(settings).loadFromString(new String(content, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            throw new IOException(file + ": " + ParseErrors.describe(e), e);
        }
        if (root == null) {
            return Optional.of(Map.of());
        }
        return Optional.of(mapping(root, file, "the top level"));
    }

    private static byte[] readLimited(Path file) throws IOException {
        try (InputStream in = new BoundedInputStream(Files.newInputStream(file), MAX_FILE_BYTES)) {
            return in.readAllBytes();
        } catch (LimitExceededException e) {
            throw new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, Path file, String what) throws IOException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException(file + ": " + what + " must be a mapping");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new IOException(file + ": " + what + " has a key that is not a string");
            }
        }
        return (Map<String, Object>) map;
    }

    private static Optional<String> string(Map<String, Object> map, String key, Path file) throws IOException {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new IOException(file + ": \"" + key + "\" must be a string");
        }
        return Optional.of(text);
    }

    private static byte[] base64(String text, String what) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + " is not base64");
        }
    }
}
