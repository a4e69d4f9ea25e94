package dev.vouch.gittarget;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;

/**
 * How a {@link GitTarget} is set up. Built with {@link #builder(Path)}; {@link Builder#build()} validates every field
 * and names the first one that is wrong ({@code remote: ...}). {@link #toString()} never shows the password.
 *
 * <p>Fields (the names are the ones error messages use):
 * <ul>
 * <li>{@code directory}: the working copy. With a {@code remote}, it is cloned there when it does not exist (or is
 *     empty). Without one, a directory holding {@code .git} is a local repository (commits, no push), any other
 *     directory is plain (files are rewritten, nothing is committed).</li>
 * <li>{@code remote}: {@code https://...}, {@code http://...} (with credentials only to a loopback host),
 *     {@code git://...}, {@code file:///...} or an absolute path. SSH remotes are not supported. The URL must not
 *     carry user information: use {@code username} and {@code password}.</li>
 * <li>{@code branch}: the branch written and pushed; default the one checked out (after a clone, the remote's
 *     default branch).</li>
 * <li>{@code credentials.username}, {@code credentials.password}: HTTP basic credentials for an {@code http(s)} remote (a token goes in
 *     {@code password}); both or neither. Instead of the password, {@code credentials.passwordFile}: a file holding it, read
 *     each time the remote asks for credentials.</li>
 * <li>{@code author.name}, {@code author.email}: author and committer of vouch's commits; default
 *     {@code vouch <vouch@localhost>}.</li>
 * <li>{@code signing.key}: sign commits with this OpenPGP key (a fingerprint, key ID or user ID), through an
 *     external {@code signing.program} (default {@code gpg}), as {@code git} does with {@code gpg.program};
 *     {@code signing.gnupgHome} sets {@code GNUPGHOME} for it.</li>
 * <li>{@code push.attempts}: how many times one write pushes, rebasing on a rejection (1 to 20, default 5).</li>
 * <li>{@code push.retryDelay}, {@code push.retryMaxDelay}: when pushing fails for any other reason (remote
 *     unreachable), the commit stays local and the push is retried in the background after this delay, doubling
 *     up to the maximum (defaults 5 s and 5 min).</li>
 * <li>{@code timeout}: network timeout of fetch, push and clone (1 s to 1 h, default 60 s).</li>
 * </ul>
 */
public final class GitTargetSettings {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Path directory;
    private final Optional<String> remote;
    private final Optional<String> branch;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<Path> passwordFile;
    private final String authorName;
    private final String authorEmail;
    private final Optional<String> signingKey;
    private final String signingProgram;
    private final Optional<Path> gnupgHome;
    private final int pushAttempts;
    private final Duration pushRetryDelay;
    private final Duration pushRetryMaxDelay;
    private final Duration timeout;

    private GitTargetSettings(Builder b) {
        this.directory = b.directory.toAbsolutePath().normalize();
        this.remote = b.remote;
        this.branch = b.branch;
        this.username = b.username;
        this.password = b.password;
        this.passwordFile = b.passwordFile.map(p -> p.toAbsolutePath().normalize());
        this.authorName = b.authorName;
        this.authorEmail = b.authorEmail;
        this.signingKey = b.signingKey;
        this.signingProgram = b.signingProgram;
        this.gnupgHome = b.gnupgHome.map(p -> p.toAbsolutePath().normalize());
        this.pushAttempts = b.pushAttempts;
        this.pushRetryDelay = b.pushRetryDelay;
        this.pushRetryMaxDelay = b.pushRetryMaxDelay;
        this.timeout = b.timeout;
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public Path directory() {
        return directory;
    }

    public Optional<String> remote() {
        return remote;
    }

    public Optional<String> branch() {
        return branch;
    }

    public Optional<String> username() {
        return username;
    }

    /** The password or token; never printed by {@link #toString()}. */
    public Optional<String> password() {
        return password;
    }

    /** The file holding the password or token, read each time the remote asks (so a rotated secret is used). */
    public Optional<Path> passwordFile() {
        return passwordFile;
    }

    public String authorName() {
        return authorName;
    }

    public String authorEmail() {
        return authorEmail;
    }

    public Optional<String> signingKey() {
        return signingKey;
    }

    public String signingProgram() {
        return signingProgram;
    }

    public Optional<Path> gnupgHome() {
        return gnupgHome;
    }

    public int pushAttempts() {
        return pushAttempts;
    }

    public Duration pushRetryDelay() {
        return pushRetryDelay;
    }

    public Duration pushRetryMaxDelay() {
        return pushRetryMaxDelay;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "GitTargetSettings[directory=" + directory + ", remote=" + remote.orElse("none") + ", branch="
                + branch.orElse("(checked out)") + ", username=" + username.orElse("none") + ", password="
                + (password.isPresent() ? "(set)" : passwordFile.map(f -> "(file " + f + ")").orElse("none")) + ", author=" + authorName + " <" + authorEmail
                + ">, signingKey=" + signingKey.orElse("none") + ", pushAttempts=" + pushAttempts + "]";
    }

    /** Collects the fields; {@link #build()} validates them. */
    public static final class Builder {
        private final Path directory;
        private Optional<String> remote = Optional.empty();
        private Optional<String> branch = Optional.empty();
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private Optional<Path> passwordFile = Optional.empty();
        private String authorName = "vouch";
        private String authorEmail = "vouch@localhost";
        private Optional<String> signingKey = Optional.empty();
        private String signingProgram = "gpg";
        private Optional<Path> gnupgHome = Optional.empty();
        private int pushAttempts = 5;
        private Duration pushRetryDelay = Duration.ofSeconds(5);
        private Duration pushRetryMaxDelay = Duration.ofMinutes(5);
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        public Builder remote(String url) {
            this.remote = Optional.of(url);
            return this;
        }

        public Builder branch(String name) {
            this.branch = Optional.of(name);
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = Optional.of(username);
            this.password = Optional.of(password);
            this.passwordFile = Optional.empty();
            return this;
        }

        /** Basic credentials whose password (or token) is read from {@code passwordFile} whenever it is needed. */
        public Builder credentialsFromFile(String username, Path passwordFile) {
            this.username = Optional.of(username);
            this.password = Optional.empty();
            this.passwordFile = Optional.of(passwordFile);
            return this;
        }

        public Builder author(String name, String email) {
            this.authorName = name;
            this.authorEmail = email;
            return this;
        }

        public Builder signingKey(String key) {
            this.signingKey = Optional.of(key);
            return this;
        }

        public Builder signingProgram(String program) {
            this.signingProgram = program;
            return this;
        }

        public Builder gnupgHome(Path home) {
            this.gnupgHome = Optional.of(home);
            return this;
        }

        public Builder pushAttempts(int attempts) {
            this.pushAttempts = attempts;
            return this;
        }

        public Builder pushRetryDelay(Duration delay, Duration maxDelay) {
            this.pushRetryDelay = delay;
            this.pushRetryMaxDelay = maxDelay;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Validates every field. */
        public GitTargetSettings build() {
            remote.ifPresent(Builder::checkRemote);
            branch.ifPresent(b -> require(Repository.isValidRefName("refs/heads/" + b), "branch",
                    "not a valid branch name"));
            if (username.isPresent()) {
                require(remote.isPresent() && remote.get().toLowerCase(Locale.ROOT).startsWith("http"),
                        "credentials.username",
                        "credentials are only used with an http(s) remote");
                require(!username.get().isEmpty() && username.get().chars().noneMatch(c -> c < 0x20 || c == ':'),
                        "credentials.username", "must be non-empty, without ':' or control characters");
                require(passwordFile.isPresent() || !password.orElse("").isEmpty(), "credentials.password",
                        "must be non-empty");
                require(remote.get().toLowerCase(Locale.ROOT).startsWith("https://") || loopback(remote.get()),
                        "remote", "credentials are sent only over https (or http to a loopback address)");
            }
            require(oneLine(authorName) && authorName.chars().noneMatch(c -> c == '<' || c == '>'), "author.name",
                    "must be one non-empty line without '<' or '>'");
            require(oneLine(authorEmail) && authorEmail.chars().noneMatch(c -> c == '<' || c == '>' || c == ' '),
                    "author.email", "must be non-empty, without spaces, '<' or '>'");
            signingKey.ifPresent(k -> require(oneLine(k) && !k.startsWith("-"), "signing.key",
                    "must be a key fingerprint, ID or user ID"));
            require(oneLine(signingProgram), "signing.program", "must be a program name or path");
            require(pushAttempts >= 1 && pushAttempts <= 20, "push.attempts", "must be between 1 and 20");
            require(!pushRetryDelay.isNegative() && pushRetryDelay.compareTo(Duration.ofMillis(10)) >= 0,
                    "push.retryDelay", "must be at least 10ms");
            require(pushRetryMaxDelay.compareTo(pushRetryDelay) >= 0, "push.retryMaxDelay",
                    "must not be shorter than push.retryDelay");
            require(timeout.compareTo(Duration.ofSeconds(1)) >= 0 && timeout.compareTo(Duration.ofHours(1)) <= 0,
                    "timeout", "must be between 1s and 1h");
            return new GitTargetSettings(this);
        }

        private static void checkRemote(String url) {
            require(oneLine(url), "remote", "must be a URL or an absolute path");
            String lower = url.toLowerCase(Locale.ROOT);
            if (url.startsWith("/")) {
                return;
            }
            require(!lower.startsWith("ssh://") && !lower.startsWith("git+ssh://") && !lower.startsWith("ssh+git://")
                            && !url.matches("^[^/:]+@[^/:]+:.*"), "remote",
                    "SSH remotes are not supported (no SSH transport is bundled); use https");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("remote: not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            require(Set.of("https", "http", "git", "file").contains(scheme), "remote",
                    "must be an https, http, git or file URL, or an absolute path");
            // The message does not repeat the URL: user information may hold a password.
            require(uri.getRawUserInfo() == null, "remote",
                    "must not contain user information; give the credentials separately");
            require(scheme.equals("file") || uri.getHost() != null, "remote", "has no host");
        }

        private static boolean loopback(String url) {
            try {
                String host = new URI(url).getHost();
                return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static boolean oneLine(String value) {
            return value != null && !value.isBlank() && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        }

        private static void require(boolean condition, String field, String message) {
            if (!condition) {
                throw new IllegalArgumentException(field + ": " + message);
            }
        }
    }
}
