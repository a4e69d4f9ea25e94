package dev.vouch.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code serve} section of {@code vouch.yaml}: where {@code vouch serve} listens and whether it accepts registry
 * notifications.
 *
 * @param host the address listened on (default {@code 127.0.0.1})
 * @param port the port (default 8080; 0 picks a free one)
 * @param notificationTokenFile the file holding the bearer token registries send to {@code /notifications}; empty
 *     means there is no notification endpoint. The token is read when serving starts and never logged.
 * @param dockerImageInterval how often the images {@code DockerImage} triggers follow directly are imported on
 *     schedule (default {@link StreamTag#DEFAULT_IMPORT_INTERVAL}, at least {@link StreamTag#MIN_IMPORT_INTERVAL})
 */
public record ServeSettings(String host, int port, Optional<Path> notificationTokenFile,
                            Duration dockerImageInterval) {
    public static final ServeSettings DEFAULT = new ServeSettings("127.0.0.1", 8080, Optional.empty());

    public ServeSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(notificationTokenFile, "notificationTokenFile");
        Objects.requireNonNull(dockerImageInterval, "dockerImageInterval");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (dockerImageInterval.compareTo(StreamTag.MIN_IMPORT_INTERVAL) < 0) {
            throw new IllegalArgumentException("dockerImages.importInterval must be at least "
                    + Durations.format(StreamTag.MIN_IMPORT_INTERVAL) + ", got " + Durations.format(dockerImageInterval));
        }
    }

    /** Settings importing directly followed images at the default interval. */
    public ServeSettings(String host, int port, Optional<Path> notificationTokenFile) {
        this(host, port, notificationTokenFile, StreamTag.DEFAULT_IMPORT_INTERVAL);
    }

    /** These settings with directly followed images imported every {@code interval}. */
    public ServeSettings withDockerImageInterval(Duration interval) {
        return new ServeSettings(host, port, notificationTokenFile, interval);
    }

    /**
     * Parses {@code host:port} ({@code [v6]:port} for an IPv6 address).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ServeSettings listen(String text, Optional<Path> notificationTokenFile) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address is written in brackets: [ADDRESS]:PORT");
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '/' || c == '[' || c == ']')) {
            throw new IllegalArgumentException("\"" + host + "\" is not a host name or address");
        }
        String portText = text.substring(colon + 1);
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("the port must be a number from 0 to 65535, got \"" + portText + "\"");
        }
        return new ServeSettings(host, Integer.parseInt(portText), notificationTokenFile);
    }
}
