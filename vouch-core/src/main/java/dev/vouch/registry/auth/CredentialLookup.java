package dev.vouch.registry.auth;

import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials for an image as containers/image does. Given an auth file ({@code --authfile}) or
 * {@code $REGISTRY_AUTH_FILE}, only that file is read. Otherwise, in order, the first file with credentials wins:
 * {@code $XDG_RUNTIME_DIR/containers/auth.json}, {@code $XDG_CONFIG_HOME/containers/auth.json} (default
 * {@code $HOME/.config}), {@code $DOCKER_CONFIG/config.json} (default {@code $HOME/.docker}), and the legacy
 * {@code $HOME/.dockercfg}; without {@code $XDG_RUNTIME_DIR}, {@code /run/containers/UID/auth.json} is read
 * first instead. See {@link AuthFile} for the lookup within one file.
 */
public final class CredentialLookup {
    private CredentialLookup() {
    }

    /** The files searched, in order. */
    public static List<Path> searchPath(Optional<Path> authFile, Path home, Map<String, String> environment) {
        List<Path> paths = new ArrayList<>();
        for (AuthFile file : files(authFile, home, environment)) {
            paths.add(file.path());
        }
        return paths;
    }

    /**
     * The credentials for {@code reference}, or empty for anonymous access. An unreadable or malformed file, or a
     * failing credential helper, is an error (never "no credentials").
     */
    public static Optional<Credentials> find(ImageReference reference, Optional<Path> authFile, Path home,
                                             Map<String, String> environment) throws IOException {
        for (AuthFile file : files(authFile, home, environment)) {
            Optional<Credentials> found = file.find(reference, environment);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The credentials for {@code reference} in the data of a Kubernetes pull secret: {@code .dockerconfigjson}
     * ({@code legacy} false) or {@code .dockercfg} ({@code legacy} true), looked up as in a credentials file, except
     * that credential helpers are never run. Empty if the secret has none for the registry.
     *
     * @param described how errors name the secret (e.g. {@code secret team/pull}); they never quote its content
     * @throws IOException if the content is not such a document (too large, not JSON, an entry not base64)
     */
    public static Optional<Credentials> findInPullSecret(ImageReference reference, String described, byte[] content,
                                                         boolean legacy) throws IOException {
        return AuthFile.findInContent(described, content, legacy, reference);
    }

    private static List<AuthFile> files(Optional<Path> authFile, Path home, Map<String, String> environment) {
        if (authFile.isPresent()) {
            return List.of(new AuthFile(authFile.get(), false));
        }
        String override = environment.get("REGISTRY_AUTH_FILE");
        if (override != null && !override.isEmpty()) {
            return List.of(new AuthFile(Path.of(override), false));
        }
        List<AuthFile> files = new ArrayList<>();
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            files.add(new AuthFile(Path.of(runtime, "containers", "auth.json"), false));
        } else {
            files.add(new AuthFile(Path.of("/run/containers", Long.toString(
                    new com.sun.security.auth.module.UnixSystem().getUid()), "auth.json"), false));
        }
        String configHome = environment.get("XDG_CONFIG_HOME");
        Path config = configHome != null && !configHome.isEmpty() ? Path.of(configHome) : home.resolve(".config");
        files.add(new AuthFile(config.resolve("containers").resolve("auth.json"), false));
        String dockerConfig = environment.get("DOCKER_CONFIG");
        files.add(new AuthFile(dockerConfig != null && !dockerConfig.isEmpty()
                ? Path.of(dockerConfig, "config.json") : home.resolve(".docker").resolve("config.json"), false));
        files.add(new AuthFile(home.resolve(".dockercfg"), true));
        return files;
    }
}
