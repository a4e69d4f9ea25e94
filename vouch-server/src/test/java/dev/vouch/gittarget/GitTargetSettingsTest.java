package dev.vouch.gittarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitTargetSettingsTest {
    private static final Path DIR = Path.of("/srv/manifests");

    @ParameterizedTest
    @ValueSource(strings = {"https://git.example.com/team/manifests.git", "http://127.0.0.1:8080/manifests.git",
            "git://git.example.com/manifests.git", "file:///srv/git/manifests.git", "/srv/git/manifests.git"})
    void acceptsRemotes(String url) {
        assertThat(GitTargetSettings.builder(DIR).remote(url).build().remote()).contains(url);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                row("ssh://git@git.example.com/manifests.git", "remote: SSH remotes are not supported"),
                row("git@git.example.com:team/manifests.git", "remote: SSH remotes are not supported"),
                row("ftp://git.example.com/manifests.git", "remote: must be an https, http, git or file URL"),
                row("manifests.git", "remote: must be an https, http, git or file URL"),
                row("https:///manifests.git", "remote: has no host"));
    }

    static Arguments row(String url, String message) {
        return Arguments.of(url, message);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsRemotes(String url, String message) {
        assertThatThrownBy(() -> GitTargetSettings.builder(DIR).remote(url).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void rejectsCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> GitTargetSettings.builder(DIR).remote("https://bot:s3cr3t@git.example.com/m.git")
                .build()).hasMessage("remote: must not contain user information; give the credentials separately")
                .hasMessageNotContaining("s3cr3t");
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                field(b -> b.remote("http://git.example.com/m.git").credentials("bot", "token"),
                        "remote: credentials are sent only over https (or http to a loopback address)"),
                field(b -> b.remote("git://git.example.com/m.git").credentials("bot", "token"),
                        "credentials.username: credentials are only used with an http(s) remote"),
                field(b -> b.credentials("bot", "token"), "credentials.username: credentials are only used with an http(s) remote"),
                field(b -> b.remote("https://git.example.com/m.git").credentials("bot", ""),
                        "credentials.password: must be non-empty"),
                field(b -> b.remote("https://git.example.com/m.git").credentials("b:t", "x"),
                        "credentials.username: must be non-empty, without ':' or control characters"),
                field(b -> b.branch("main..x"), "branch: not a valid branch name"),
                field(b -> b.branch("-bad lock"), "branch: not a valid branch name"),
                field(b -> b.author("vouch <x>", "v@example.com"), "author.name: must be one non-empty line"),
                field(b -> b.author("vouch\nInjected: yes", "v@example.com"), "author.name: must be one non-empty line"),
                field(b -> b.author("vouch", "v @example.com"), "author.email: must be non-empty"),
                field(b -> b.signingKey("--homedir=/tmp"), "signing.key: must be a key fingerprint"),
                field(b -> b.pushAttempts(0), "push.attempts: must be between 1 and 20"),
                field(b -> b.pushAttempts(21), "push.attempts: must be between 1 and 20"),
                field(b -> b.pushRetryDelay(Duration.ofMillis(1), Duration.ofSeconds(1)),
                        "push.retryDelay: must be at least 10ms"),
                field(b -> b.pushRetryDelay(Duration.ofSeconds(10), Duration.ofSeconds(1)),
                        "push.retryMaxDelay: must not be shorter than push.retryDelay"),
                field(b -> b.timeout(Duration.ZERO), "timeout: must be between 1s and 1h"));
    }

    static Arguments field(UnaryOperator<GitTargetSettings.Builder> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void rejectsInvalidFields(UnaryOperator<GitTargetSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(GitTargetSettings.builder(DIR)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void neverPrintsThePassword() {
        GitTargetSettings settings = GitTargetSettings.builder(DIR).remote("https://git.example.com/m.git")
                .credentials("bot", "ghp_s3cr3tT0ken").build();
        assertThat(settings.toString()).doesNotContain("ghp_s3cr3tT0ken").contains("password=(set)")
                .contains("username=bot");
        assertThat(settings.password()).contains("ghp_s3cr3tT0ken");
    }

    @Test
    void hasDefaults() {
        GitTargetSettings settings = GitTargetSettings.builder(Path.of("relative/dir")).build();
        assertThat(settings.directory()).isAbsolute();
        assertThat(settings.authorName()).isEqualTo("vouch");
        assertThat(settings.authorEmail()).isEqualTo("vouch@localhost");
        assertThat(settings.signingKey()).isEmpty();
        assertThat(settings.signingProgram()).isEqualTo("gpg");
        assertThat(settings.pushAttempts()).isEqualTo(5);
        assertThat(settings.pushRetryDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.pushRetryMaxDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(60));
    }
}
