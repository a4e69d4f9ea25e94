package dev.vouch.gittarget;

import static dev.vouch.gittarget.ImageEdits.deployment;
import static dev.vouch.gittarget.ImageEdits.digest;
import static dev.vouch.gittarget.ImageEdits.setImage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits signed through the real gpg, checked by the real {@code git verify-commit}. */
class SignedCommitIT {
    static GpgHome gpg;
    static String fingerprint;

    @TempDir
    Path temp;

    @BeforeAll
    static void generateKey() throws Exception {
        gpg = GpgHome.create();
        fingerprint = gpg.generateKey(GpgKeySpec.ed25519("Release Bot <release@example.com>"));
    }

    @AfterAll
    static void deleteKey() {
        gpg.close();
    }

    @Test
    void signsCommitsThatGitVerifyCommitAccepts() throws Exception {
        GitFixture git = new GitFixture(temp);
        Path remote = git.bareRemote("manifests", Map.of("apps/web.yaml", deployment("web")));
        GitTargetSettings settings = GitTargetSettings.builder(temp.resolve("work")).remote(remote.toString())
                .author("Release Bot", "release@example.com").signingKey(fingerprint).gnupgHome(gpg.path()).build();
        try (GitTarget target = GitTarget.open(settings)) {
            EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('a')))
                    .get(60, TimeUnit.SECONDS);
            assertThat(result.published()).isTrue();
        }
        Map<String, String> env = Map.of("GNUPGHOME", gpg.path().toString());
        GpgHome.Result verified = git.run(remote, env, "verify-commit", "--raw", "main");
        assertThat(verified.exitCode()).as(verified.stderr()).isZero();
        assertThat(verified.stderr()).contains("[GNUPG:] GOODSIG").contains("[GNUPG:] VALIDSIG " + fingerprint);
        assertThat(git.run(remote, env, "log", "-1", "--format=%G? %GF", "main").stdoutText().strip()).isEqualTo("G " + fingerprint);
        git.fsck(remote);

        GpgHome.Result unsigned = git.run(remote, env, "verify-commit", "main~1");
        assertThat(unsigned.exitCode()).isNotZero();
    }

    @Test
    void reportsAFailedSignatureWithoutCommittingAndLeavesTheTreeClean() throws Exception {
        GitFixture git = new GitFixture(temp);
        Path local = git.localRepository("local", Map.of("apps/web.yaml", deployment("web")));
        GitTargetSettings settings = GitTargetSettings.builder(local)
                .signingKey("0000000000000000000000000000000000000000").gnupgHome(gpg.path()).build();
        try (GitTarget target = GitTarget.open(settings)) {
            EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('b')))
                    .get(60, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo(EditResult.Status.FAILED);
            assertThat(result.published()).isFalse();
            assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("committing failed"));
        }
        assertThat(git.subjects(local, "main")).containsExactly("Seed manifests");
        assertThat(git.git(local, "status", "--porcelain")).isEmpty();
    }
}
