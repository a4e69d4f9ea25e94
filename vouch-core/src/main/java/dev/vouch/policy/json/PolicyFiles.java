package dev.vouch.policy.json;

import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the policy lives by default, as containers/image looks for it: {@code $HOME/.config/containers/policy.json}
 * if that file exists, otherwise {@code /etc/containers/policy.json}.
 */
public final class PolicyFiles {
    /** The system-wide policy. */
    public static final Path SYSTEM_POLICY = Path.of("/etc/containers/policy.json");
    /** The per-user policy, relative to the home directory. */
    public static final Path USER_POLICY = Path.of(".config", "containers", "policy.json");

    private PolicyFiles() {
    }

    /** The default policy path for the current user ({@code $HOME}, else the {@code user.home} property). */
    public static Path defaultPath() {
        Optional<String> home = Optional.ofNullable(System.getenv("HOME")).filter(h -> !h.isEmpty())
                .or(() -> Optional.ofNullable(System.getProperty("user.home")).filter(h -> !h.isEmpty()));
        return defaultPath(home.map(Path::of));
    }

    /** The default policy path for a given home directory. */
    public static Path defaultPath(Optional<Path> home) {
        if (home.isPresent()) {
            Path user = home.get().resolve(USER_POLICY);
            if (Files.exists(user)) {
                return user;
            }
        }
        return SYSTEM_POLICY;
    }

    /** Loads the policy at {@code file}; a missing or unreadable file is an {@link InvalidPolicyException} naming it. */
    public static Policy load(Path file) throws InvalidPolicyException {
        return PolicyParser.parse(file);
    }

    /**
     * The bytes of the policy file {@code file} (at most {@link PolicyParser#MAX_POLICY_BYTES}), for a caller that
     * also needs to hash what it parses; a missing or unreadable file is an {@link InvalidPolicyException} naming it.
     */
    public static byte[] read(Path file) throws InvalidPolicyException {
        return PolicyParser.readFile(file);
    }

    /** Loads the default policy ({@link #defaultPath()}). */
    public static Policy loadDefault() throws InvalidPolicyException {
        return load(defaultPath());
    }
}
