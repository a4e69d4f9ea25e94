package dev.vouch.cli.login;

import dev.vouch.registry.auth.AuthFileWriter;
import java.nio.file.Path;

/** Where login and logout keep credentials by default. */
final class LoginFiles {
    private LoginFiles() {
    }

    static Path home() {
        return Path.of(System.getProperty("user.home", "/"));
    }

    static Path defaultPath() {
        return AuthFileWriter.defaultPath(home(), System.getenv());
    }
}
