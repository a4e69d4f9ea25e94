package dev.vouch.registry.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a registry's certificates are found (containers-certs.d(5)): the {@code --cert-dir} directory if given;
 * otherwise the first existing one of {@code $HOME/.config/containers/certs.d/HOST:PORT},
 * {@code /etc/containers/certs.d/HOST:PORT}, {@code /etc/docker/certs.d/HOST:PORT}.
 */
public final class CertsDirectories {
    /** The system-wide certs.d roots, in search order. */
    public static final List<Path> SYSTEM_ROOTS = List.of(Path.of("/etc/containers/certs.d"),
            Path.of("/etc/docker/certs.d"));

    private CertsDirectories() {
    }

    /** The directory to read for {@code registry} ({@code host[:port]}), if any exists or one was given. */
    public static Optional<Path> forRegistry(String registry, Optional<Path> certDirectory, Path homeDirectory) {
        if (certDirectory.isPresent()) {
            return certDirectory;
        }
        Path user = homeDirectory.resolve(".config/containers/certs.d");
        for (Path root : List.of(user, SYSTEM_ROOTS.get(0), SYSTEM_ROOTS.get(1))) {
            Path candidate = root.resolve(registry);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
