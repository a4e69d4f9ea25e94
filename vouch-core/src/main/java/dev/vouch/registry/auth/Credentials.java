package dev.vouch.registry.auth;

import java.util.Objects;

/**
 * A user name and password (or token) for a registry. {@link #toString()} never shows the password.
 *
 * @param username the user; may be empty only together with an empty password (anonymous)
 * @param password the password or access token
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Parses skopeo's {@code --creds} value: {@code USER[:PASSWORD]}. The user must not be empty; a missing password
     * means an empty one (skopeo would prompt for it; vouch never prompts).
     */
    public static Credentials parse(String userColonPassword) {
        Objects.requireNonNull(userColonPassword, "userColonPassword");
        int colon = userColonPassword.indexOf(':');
        String user = colon < 0 ? userColonPassword : userColonPassword.substring(0, colon);
        String password = colon < 0 ? "" : userColonPassword.substring(colon + 1);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("credentials must be USER[:PASSWORD] with a non-empty user");
        }
        return new Credentials(user, password);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<redacted>]";
    }
}
