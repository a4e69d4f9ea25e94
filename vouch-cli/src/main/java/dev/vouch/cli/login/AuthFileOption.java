package dev.vouch.cli.login;

import dev.vouch.cli.UserInputException;
import dev.vouch.registry.auth.AuthFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --authfile} for login and logout: the file written, by default the one podman login writes. */
final class AuthFileOption {

    @Option(names = "--authfile", paramLabel = "FILE",
            description = "containers-auth.json to write (default: $REGISTRY_AUTH_FILE, else "
                    + "$XDG_RUNTIME_DIR/containers/auth.json, else /run/containers/UID/auth.json)")
    Path authFile;

    Path path() {
        if (authFile != null) {
            return authFile;
        }
        try {
            return AuthFileWriter.defaultPath(System.getenv());
        } catch (IOException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }
}
