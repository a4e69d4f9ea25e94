package dev.vouch.registry.tls;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * One TLS setting of the process (a certs.d directory's content and whether certificates are verified): its
 * {@link SSLContext} and the JDK HTTP clients that use it. Every registry and lookaside connection with the same
 * setting shares them, so a server following many repositories of one registry keeps one client (one selector
 * thread, one pool of kept-alive connections, one TLS session cache) instead of one per repository, and the system
 * trust store is read once instead of per connection.
 *
 * <p>A setting is identified by the directory's path and the names and bytes of every file in it, read again on
 * each {@link #of} call: a certificate added, replaced or removed makes a new setting at once (nothing is served
 * from a stale one). The {@value #MAX_SETTINGS} settings used last are kept; an older one is forgotten, and its
 * clients end when no connection object uses them any more.
 */
public final class SharedTls {
    static final int MAX_SETTINGS = 32;
    /** Files larger than this are not certificates or keys; they are hashed by their size and time only. */
    private static final long MAX_HASHED_FILE_BYTES = 1024 * 1024;

    private static final Map<Key, SharedTls> SETTINGS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SharedTls> eldest) {
            return size() > MAX_SETTINGS;
        }
    };

    private record Key(Optional<Path> directory, boolean verify, String content) {
    }

    private record ClientKey(HttpClient.Redirect redirects, Duration connectTimeout) {
    }

    private final SSLContext sslContext;
    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    private SharedTls(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    /**
     * The setting of a registry whose certificates are in {@code directory} (if any), read as {@link RegistryTls}
     * reads it; errors are those of {@link RegistryTls#context}.
     */
    public static SharedTls of(Optional<Path> directory, boolean verify) throws IOException {
        Optional<Path> normalized = directory.map(d -> d.toAbsolutePath().normalize());
        Key key = new Key(normalized, verify, contentDigest(normalized));
        synchronized (SETTINGS) {
            SharedTls found = SETTINGS.get(key);
            if (found != null) {
                return found;
            }
        }
        SharedTls created = new SharedTls(RegistryTls.context(normalized, verify));
        synchronized (SETTINGS) {
            return SETTINGS.computeIfAbsent(key, k -> created);
        }
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** The HTTP client of this setting that follows {@code redirects} and connects within {@code connectTimeout}. */
    public HttpClient httpClient(HttpClient.Redirect redirects, Duration connectTimeout) {
        Objects.requireNonNull(redirects, "redirects");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        return clients.computeIfAbsent(new ClientKey(redirects, connectTimeout), key -> HttpClient.newBuilder()
                .sslContext(sslContext).followRedirects(redirects).connectTimeout(connectTimeout).build());
    }

    static int cachedSettings() {
        synchronized (SETTINGS) {
            return SETTINGS.size();
        }
    }

    private static String contentDigest(Optional<Path> directory) throws IOException {
        if (directory.isEmpty()) {
            return "";
        }
        Optional<SortedSet<String>> names = RegistryTls.entryNames(directory.get());
        if (names.isEmpty()) {
            return "absent";
        }
        MessageDigest digest = sha256();
        for (String name : names.get()) {
            Path file = directory.get().resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            long size = Files.size(file);
            byte[] content = size <= MAX_HASHED_FILE_BYTES ? Files.readAllBytes(file)
                    : (size + "/" + Files.getLastModifiedTime(file).toMillis()).getBytes(StandardCharsets.UTF_8);
            update(digest, name.getBytes(StandardCharsets.UTF_8));
            update(digest, content);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Adds {@code bytes} preceded by their length, so that no two sequences of files hash the same input. */
    private static void update(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
