package dev.vouch.gittarget;

import static dev.vouch.gittarget.ImageEdits.deployment;
import static dev.vouch.gittarget.ImageEdits.digest;
import static dev.vouch.gittarget.ImageEdits.setImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic credentials from the settings, against the real git http-backend behind basic authentication. */
class HttpCredentialsIT {
    private static final String PASSWORD = "tok3n-Value-n0t-for-logs";

    @TempDir
    Path temp;

    @Test
    void clonesAndPushesWithTheConfiguredCredentialsAndNeverShowsThePassword() throws Exception {
        GitFixture git = new GitFixture(temp);
        Path remote = git.bareRemote("manifests", Map.of("apps/web.yaml", deployment("web")));
        try (GitHttpServer server = GitHttpServer.start(git, temp, "deployer", PASSWORD)) {
            GitTargetSettings settings = GitTargetSettings.builder(temp.resolve("work"))
                    .remote(server.url("manifests.git")).credentials("deployer", PASSWORD)
                    .pushRetryDelay(Duration.ofSeconds(30), Duration.ofSeconds(30)).build();
            try (GitTarget target = GitTarget.open(settings)) {
                EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('a')))
                        .get(60, TimeUnit.SECONDS);
                assertThat(result.published()).as(result.toString()).isTrue();
                assertThat(result.commitId()).contains(git.head(remote, "main"));

                server.changePassword("rotated");
                EditResult refused = target.submit(setImage("apps/web.yaml", "web", "prod", digest('b')))
                        .get(60, TimeUnit.SECONDS);
                assertThat(refused.published()).isFalse();
                assertThat(refused.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("pushing failed")
                        .doesNotContain(PASSWORD));
                assertThat(target.pushStatus().toString()).doesNotContain(PASSWORD);
                assertThat(target.settings().toString()).doesNotContain(PASSWORD);
            }

            GitTargetSettings wrong = GitTargetSettings.builder(temp.resolve("other"))
                    .remote(server.url("manifests.git")).credentials("deployer", PASSWORD).build();
            assertThatThrownBy(() -> GitTarget.open(wrong)).isInstanceOf(GitTargetException.class)
                    .hasMessageStartingWith("remote: cloning into").hasMessageNotContaining(PASSWORD)
                    .hasMessageNotContaining("rotated");
            assertThat(temp.resolve("other")).doesNotExist();
            assertThat(temp.resolve(".other.vouch-clone")).doesNotExist();
        }
    }

    @Test
    void readsThePasswordFromItsFileEachTimeSoARotatedSecretIsUsedWithoutRestart() throws Exception {
        GitFixture git = new GitFixture(temp);
        Path remote = git.bareRemote("manifests", Map.of("apps/web.yaml", deployment("web")));
        Path passwordFile = Files.writeString(temp.resolve("git-token"), PASSWORD + "\n");
        try (GitHttpServer server = GitHttpServer.start(git, temp, "deployer", PASSWORD)) {
            GitTargetSettings settings = GitTargetSettings.builder(temp.resolve("work"))
                    .remote(server.url("manifests.git")).credentialsFromFile("deployer", passwordFile)
                    .pushRetryDelay(Duration.ofSeconds(30), Duration.ofSeconds(30)).build();
            assertThat(settings.toString()).contains("(file " + passwordFile + ")").doesNotContain(PASSWORD);
            try (GitTarget target = GitTarget.open(settings)) {
                assertThat(target.submit(setImage("apps/web.yaml", "web", "prod", digest('a')))
                        .get(60, TimeUnit.SECONDS).published()).isTrue();

                server.changePassword("r0tated-Secret");
                Files.writeString(passwordFile, "r0tated-Secret");
                EditResult rotated = target.submit(setImage("apps/web.yaml", "web", "prod", digest('b')))
                        .get(60, TimeUnit.SECONDS);
                assertThat(rotated.published()).as(rotated.toString()).isTrue();
                assertThat(rotated.commitId()).contains(git.head(remote, "main"));

                Files.delete(passwordFile);
                EditResult missing = target.submit(setImage("apps/web.yaml", "web", "prod", digest('c')))
                        .get(60, TimeUnit.SECONDS);
                assertThat(missing.published()).isFalse();
                assertThat(missing.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("pushing failed")
                        .doesNotContain("r0tated-Secret").doesNotContain(PASSWORD));
            }
        }
    }
}
