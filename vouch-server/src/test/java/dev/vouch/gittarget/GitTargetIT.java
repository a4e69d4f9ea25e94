package dev.vouch.gittarget;

import static dev.vouch.gittarget.ImageEdits.deployment;
import static dev.vouch.gittarget.ImageEdits.digest;
import static dev.vouch.gittarget.ImageEdits.setImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitTargetIT {
    private static final Map<String, String> MANIFESTS = Map.of(
            "apps/web.yaml", deployment("web"),
            "apps/api.yaml", deployment("api"),
            "apps/worker.yaml", deployment("worker"),
            "apps/cron.yaml", deployment("cron"));

    @TempDir
    Path temp;
    GitFixture git;
    Path remote;

    @BeforeEach
    void setUp() {
        git = new GitFixture(temp);
        remote = git.bareRemote("manifests", MANIFESTS);
    }

    private GitTargetSettings.Builder settings(String name) {
        return GitTargetSettings.builder(temp.resolve(name)).remote(remote.toString()).branch("main")
                .author("vouch bot", "vouch@example.com").pushRetryDelay(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @Test
    void commitsAndPushesOneEditNamingStreamTagDigestAndSigner() throws Exception {
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            assertThat(target.mode()).isEqualTo(GitTarget.Mode.REMOTE_REPOSITORY);
            EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('a')))
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(EditResult.Status.CHANGED);
            assertThat(result.published()).isTrue();
            assertThat(result.commitId()).contains(git.head(remote, "main"));
            assertThat(target.pushStatus().upToDate()).isTrue();
        }
        String message = git.git(remote, "log", "-1", "--format=%an <%ae>%n%cn <%ce>%n%B", "main");
        assertThat(message).isEqualTo("vouch bot <vouch@example.com>\nvouch bot <vouch@example.com>\n"
                + "Roll out web:prod sha256:aaaaaaaaaaaa\n\n"
                + "web:prod " + digest('a') + " in apps/web.yaml, signed by Release <release@example.com>\n\n");
        assertThat(git.show(remote, "main", "apps/web.yaml")).isEqualTo(deployment("web").replace(
                "registry.example.com/web:1.0", "registry.example.com/web@" + digest('a')));
        git.fsck(remote);
    }

    @Test
    void batchesEditsSubmittedWhileAWriteIsInProgressIntoOneCommit() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileEdit slow = setImage("apps/web.yaml", "web", "prod", digest('1'));
        FileEdit blocking = new FileEdit(slow.path(), current -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slow.rewrite().apply(current);
        }, slow.description());
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            CompletableFuture<EditResult> first = target.submit(blocking);
            assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<EditResult>> others = new CopyOnWriteArrayList<>();
            List<Thread> threads = List.of(
                    new Thread(() -> others.add(target.submit(setImage("apps/api.yaml", "api", "prod", digest('2'))))),
                    new Thread(() -> others.add(target.submit(setImage("apps/worker.yaml", "worker", "prod",
                            digest('3'))))),
                    new Thread(() -> others.add(target.submit(setImage("apps/cron.yaml", "cron", "nightly",
                            digest('4'))))));
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            release.countDown();

            EditResult firstResult = first.get(60, TimeUnit.SECONDS);
            List<EditResult> batched = others.stream().map(CompletableFuture::join).toList();
            assertThat(batched).extracting(EditResult::status).containsOnly(EditResult.Status.CHANGED);
            assertThat(batched).extracting(EditResult::commitId).containsOnly(batched.get(0).commitId());
            assertThat(batched.get(0).commitId()).isNotEqualTo(firstResult.commitId());
            assertThat(batched).allMatch(EditResult::published);
        }
        List<String> subjects = git.subjects(remote, "main");
        assertThat(subjects).containsExactly("Roll out 3 images: " + String.join(", ",
                git.git(remote, "log", "-1", "--format=%b", "main").lines().filter(l -> !l.isEmpty())
                        .map(l -> l.substring(0, l.indexOf(' '))).toList()),
                "Roll out web:prod sha256:111111111111", "Seed manifests");
        assertThat(git.git(remote, "log", "-1", "--format=%b", "main").lines().filter(l -> !l.isEmpty()))
                .hasSize(3).anyMatch(l -> l.startsWith("cron:nightly " + digest('4') + " in apps/cron.yaml"));
        assertThat(git.git(remote, "show", "--format=", "--name-only", "main").lines())
                .containsExactlyInAnyOrder("apps/api.yaml", "apps/worker.yaml", "apps/cron.yaml");
    }

    @Test
    void applyingAnEditTwiceChangesNothingTheSecondTime() throws Exception {
        FileEdit edit = setImage("apps/web.yaml", "web", "prod", digest('b'));
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            assertThat(target.submit(edit).get(60, TimeUnit.SECONDS).status()).isEqualTo(EditResult.Status.CHANGED);
            EditResult again = target.submit(edit).get(60, TimeUnit.SECONDS);
            assertThat(again.status()).isEqualTo(EditResult.Status.UNCHANGED);
            assertThat(again.commitId()).isEmpty();
            assertThat(again.published()).isTrue();
        }
        try (GitTarget reopened = GitTarget.open(settings("work").build())) {
            assertThat(reopened.recovery().actions()).isEmpty();
            assertThat(reopened.submit(edit).get(60, TimeUnit.SECONDS).status())
                    .isEqualTo(EditResult.Status.UNCHANGED);
        }
        assertThat(git.subjects(remote, "main")).hasSize(2);
    }

    @Test
    void rebasesOntoAChangePushedByAnotherCloneAndRetries() throws Exception {
        Path colleague = git.clone(remote, "colleague");
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            git.commitAndPush(colleague, "apps/api.yaml", deployment("api").replace("1.0", "1.1"), "Bump api by hand");

            EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('c')))
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(EditResult.Status.CHANGED);
            assertThat(result.published()).isTrue();
            assertThat(result.commitId()).contains(git.head(remote, "main"));
            assertThat(git.head(target.settings().directory(), "HEAD")).isEqualTo(git.head(remote, "main"));
        }
        assertThat(git.subjects(remote, "main"))
                .containsExactly("Roll out web:prod sha256:cccccccccccc", "Bump api by hand", "Seed manifests");
        assertThat(git.git(remote, "rev-list", "--merges", "main")).isEmpty();
        assertThat(git.show(remote, "main", "apps/api.yaml")).contains("registry.example.com/api:1.1");
        assertThat(git.show(remote, "main", "apps/web.yaml")).contains("registry.example.com/web@" + digest('c'));
        git.fsck(remote);
    }

    @Test
    void retriesInTheBackgroundOnTheRebuiltCommitWhenEveryAttemptWasRejected() throws Exception {
        Path colleague = git.clone(remote, "colleague");
        List<EditResult> late = new CopyOnWriteArrayList<>();
        try (GitTarget target = GitTarget.open(settings("work").pushAttempts(1).build(), late::add)) {
            git.commitAndPush(colleague, "apps/api.yaml", deployment("api").replace("1.0", "1.2"), "Bump api");

            EditResult first = target.submit(setImage("apps/web.yaml", "web", "prod", digest('0')))
                    .get(60, TimeUnit.SECONDS);
            assertThat(first.published()).isFalse();
            assertThat(first.problem()).hasValueSatisfying(p -> assertThat(p)
                    .startsWith("the push was rejected 1 times"));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (late.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(late).singleElement().satisfies(r -> {
                assertThat(r.published()).isTrue();
                assertThat(r.status()).isEqualTo(EditResult.Status.CHANGED);
                assertThat(r.commitId()).contains(git.head(remote, "main")).isEqualTo(first.commitId());
            });
        }
        assertThat(git.subjects(remote, "main"))
                .containsExactly("Roll out web:prod sha256:000000000000", "Bump api", "Seed manifests");
    }

    @Test
    void reportsAConflictWhenAnotherCloneRemovedTheFieldAndForcesNothing() throws Exception {
        Path colleague = git.clone(remote, "colleague");
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            String withoutImage = deployment("web").replaceAll("(?m)^\\s*image: .*\n", "");
            git.commitAndPush(colleague, "apps/web.yaml", withoutImage, "Remove the web image field");
            String remoteHead = git.head(remote, "main");

            EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('d')))
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(EditResult.Status.CONFLICT);
            assertThat(result.published()).isFalse();
            assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).contains("apps/web.yaml")
                    .contains("no image field"));
            assertThat(git.head(remote, "main")).isEqualTo(remoteHead);
            assertThat(git.head(target.settings().directory(), "HEAD")).isEqualTo(remoteHead);
            assertThat(git.git(target.settings().directory(), "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void keepsTheCommitWhenTheRemoteIsUnreachableAndPushesItWhenItReturns() throws Exception {
        List<EditResult> late = new CopyOnWriteArrayList<>();
        Path away = temp.resolve("away.git");
        try (GitTarget target = GitTarget.open(settings("work").build(), late::add)) {
            Files.move(remote, away);

            EditResult result = target.submit(setImage("apps/web.yaml", "web", "prod", digest('e')))
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(EditResult.Status.CHANGED);
            assertThat(result.published()).isFalse();
            assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("pushing failed"));
            Path work = target.settings().directory();
            assertThat(result.commitId()).contains(git.head(work, "HEAD"));
            PushStatus status = target.pushStatus();
            assertThat(status.upToDate()).isFalse();
            assertThat(status.lastError()).isPresent();
            assertThat(status.nextRetry()).isPresent();
            Thread.sleep(700);
            assertThat(late).isEmpty();

            Files.move(away, remote);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (late.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(late).singleElement().satisfies(r -> {
                assertThat(r.published()).isTrue();
                assertThat(r.commitId()).isEqualTo(result.commitId());
            });
            assertThat(target.pushStatus().upToDate()).isTrue();
            assertThat(git.head(remote, "main")).isEqualTo(git.head(work, "HEAD"));
        }
    }

    @Test
    void pushesOnOpenACommitThatWasMadeButNotPushedBeforeACrash() throws Exception {
        Path work = temp.resolve("work");
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            Files.move(remote, temp.resolve("away.git"));
            target.submit(setImage("apps/web.yaml", "web", "prod", digest('f'))).get(60, TimeUnit.SECONDS);
        }
        Files.move(temp.resolve("away.git"), remote);
        String local = git.head(work, "HEAD");
        assertThat(git.head(remote, "main")).isNotEqualTo(local);

        try (GitTarget reopened = GitTarget.open(settings("work").build())) {
            assertThat(reopened.recovery().actions()).containsExactly("pushing 1 commit(s) made before a restart");
            assertThat(reopened.pushStatus().upToDate()).isTrue();
        }
        assertThat(git.head(remote, "main")).isEqualTo(local);
    }

    @Test
    void dropsAndReportsAnUnpushedCommitWhenTheRemoteMovedWhileItWasDown() throws Exception {
        Path colleague = git.clone(remote, "colleague");
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            Files.move(remote, temp.resolve("away.git"));
            target.submit(setImage("apps/web.yaml", "web", "prod", digest('9'))).get(60, TimeUnit.SECONDS);
        }
        Files.move(temp.resolve("away.git"), remote);
        git.commitAndPush(colleague, "apps/api.yaml", deployment("api").replace("1.0", "2.0"), "Bump api");

        try (GitTarget reopened = GitTarget.open(settings("work").build())) {
            assertThat(reopened.recovery().discardedCommits()).singleElement().asString()
                    .endsWith(" Roll out web:prod sha256:999999999999");
            EditResult again = reopened.submit(setImage("apps/web.yaml", "web", "prod", digest('9')))
                    .get(60, TimeUnit.SECONDS);
            assertThat(again.status()).isEqualTo(EditResult.Status.CHANGED);
            assertThat(again.published()).isTrue();
        }
        assertThat(git.subjects(remote, "main"))
                .containsExactly("Roll out web:prod sha256:999999999999", "Bump api", "Seed manifests");
    }

    @Test
    void followsARemoteBranchRewrittenWhileClosedInsteadOfPushingRemovedCommitsBack() throws Exception {
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            target.submit(setImage("apps/web.yaml", "web", "prod", digest('3'))).get(60, TimeUnit.SECONDS);
        }
        Path colleague = git.clone(remote, "colleague");
        git.git(colleague, "push", "-q", "--force", "origin", "HEAD~1:main");
        String rewound = git.head(remote, "main");

        try (GitTarget reopened = GitTarget.open(settings("work").build())) {
            assertThat(reopened.recovery().actions()).containsExactly("the remote branch was rewritten; reset to it");
            assertThat(reopened.recovery().discardedCommits()).isEmpty();
        }
        assertThat(git.head(remote, "main")).isEqualTo(rewound);
        assertThat(git.head(temp.resolve("work"), "HEAD")).isEqualTo(rewound);
    }

    @Test
    void resetsAWorkingTreeLeftDirtyByAnInterruptedWriteAndDeletesStaleLocks() throws Exception {
        Path work = temp.resolve("work");
        GitTarget.open(settings("work").build()).close();
        Files.writeString(work.resolve("apps/web.yaml"), "half writ");
        Files.writeString(work.resolve("apps/.api.yaml.123456789.tmp"), "image: x");
        Files.writeString(work.resolve(".git/index.lock"), "");
        Files.writeString(work.resolve(".git/refs/heads/main.lock"), "");

        try (GitTarget target = GitTarget.open(settings("work").build())) {
            assertThat(target.recovery().actions()).containsExactly(
                    "deleted the stale lock index.lock",
                    "deleted the stale lock refs/heads/main.lock",
                    "reset apps/web.yaml to the last commit (an interrupted write)",
                    "deleted the interrupted write apps/.api.yaml.123456789.tmp");
            assertThat(target.submit(setImage("apps/web.yaml", "web", "prod", digest('7')))
                    .get(60, TimeUnit.SECONDS).published()).isTrue();
        }
        assertThat(git.git(work, "status", "--porcelain")).isEmpty();
        assertThat(git.show(remote, "main", "apps/web.yaml")).startsWith("# the web deployment\n");
    }

    @Test
    void refusesASecondWriterOfTheSameDirectory() throws Exception {
        try (GitTarget target = GitTarget.open(settings("work").build())) {
            assertThatThrownBy(() -> GitTarget.open(settings("work").build()))
                    .isInstanceOf(GitTargetException.class).hasMessageContaining("another writer");
        }
    }

    @Test
    void refusesToWriteThroughASymbolicLink() throws Exception {
        Path outside = temp.resolve("outside.yaml");
        Files.writeString(outside, deployment("web"));
        Path local = git.localRepository("linked", Map.of("apps/web.yaml", deployment("web")));
        Files.createSymbolicLink(local.resolve("apps/link.yaml"), outside);
        Files.createSymbolicLink(local.resolve("elsewhere"), temp);
        git.git(local, "add", "-A");
        git.git(local, "commit", "-q", "-m", "links");
        try (GitTarget target = GitTarget.open(GitTargetSettings.builder(local).build())) {
            for (String path : List.of("apps/link.yaml", "elsewhere/outside.yaml")) {
                EditResult result = target.submit(setImage(path, "web", "prod", digest('5'))).get(60, TimeUnit.SECONDS);
                assertThat(result.status()).isEqualTo(EditResult.Status.FAILED);
                assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).contains("symbolic link"));
            }
        }
        assertThat(Files.readString(outside)).isEqualTo(deployment("web"));
        assertThat(git.subjects(local, "main")).hasSize(2);
    }

    @Test
    void commitsWithoutPushingInALocalRepository() throws Exception {
        Path local = git.localRepository("local", MANIFESTS);
        try (GitTarget target = GitTarget.open(GitTargetSettings.builder(local).build())) {
            assertThat(target.mode()).isEqualTo(GitTarget.Mode.LOCAL_REPOSITORY);
            EditResult result = target.submit(setImage("apps/api.yaml", "api", "1.4", digest('8')))
                    .get(60, TimeUnit.SECONDS);
            assertThat(result.published()).isTrue();
            assertThat(result.commitId()).contains(git.head(local, "HEAD"));
            EditResult missing = target.submit(setImage("apps/gone.yaml", "gone", "1", digest('8')))
                    .get(60, TimeUnit.SECONDS);
            assertThat(missing.status()).isEqualTo(EditResult.Status.CONFLICT);
            List<EditResult> together = target.submitAll(List.of(
                    setImage("apps/web.yaml", "web", "prod", digest('8')),
                    setImage("apps/gone.yaml", "gone", "1", digest('8')),
                    setImage("apps/cron.yaml", "cron", "prod", digest('8')))).get(60, TimeUnit.SECONDS);
            assertThat(together).extracting(EditResult::status).containsExactly(EditResult.Status.CHANGED,
                    EditResult.Status.CONFLICT, EditResult.Status.CHANGED);
            assertThat(together.get(0).commitId()).isPresent().isEqualTo(together.get(2).commitId());
            assertThat(target.pushNow().get(60, TimeUnit.SECONDS).upToDate()).isTrue();
        }
        assertThat(git.subjects(local, "main")).containsExactly("Roll out 2 images: web:prod, cron:prod",
                "Roll out api:1.4 sha256:888888888888", "Seed manifests");
        assertThat(git.git(local, "log", "-1", "--format=%an <%ae>")).isEqualTo("vouch <vouch@localhost>\n");
        git.fsck(local);
    }

    @Test
    void rewritesFilesAtomicallyInAPlainDirectoryWithoutCommitting() throws Exception {
        Path plain = temp.resolve("plain");
        GitFixture.writeFiles(plain, MANIFESTS);
        Files.writeString(plain.resolve("apps/.web.yaml.42.tmp"), "left by a crash");
        try (GitTarget target = GitTarget.open(GitTargetSettings.builder(plain).build())) {
            assertThat(target.mode()).isEqualTo(GitTarget.Mode.PLAIN_DIRECTORY);
            assertThat(target.recovery().actions()).containsExactly("deleted the interrupted write apps/.web.yaml.42.tmp");
            FileEdit edit = setImage("apps/web.yaml", "web", "prod", digest('6'));
            EditResult result = target.submit(edit).get(60, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo(EditResult.Status.CHANGED);
            assertThat(result.commitId()).isEmpty();
            assertThat(result.published()).isTrue();
            assertThat(target.submit(edit).get(60, TimeUnit.SECONDS).status()).isEqualTo(EditResult.Status.UNCHANGED);
        }
        assertThat(Files.exists(plain.resolve(".git"))).isFalse();
        assertThat(Files.readString(plain.resolve("apps/web.yaml"), StandardCharsets.UTF_8))
                .isEqualTo(deployment("web").replace("registry.example.com/web:1.0",
                        "registry.example.com/web@" + digest('6')));
        try (var files = Files.list(plain.resolve("apps"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("web.yaml", "api.yaml", "worker.yaml", "cron.yaml");
        }
    }

    @Test
    void refusesAPlainDirectoryWhenARemoteIsConfigured() throws Exception {
        Path plain = temp.resolve("plain");
        GitFixture.writeFiles(plain, MANIFESTS);
        assertThatThrownBy(() -> GitTarget.open(GitTargetSettings.builder(plain).remote(remote.toString()).build()))
                .isInstanceOf(GitTargetException.class).hasMessageContaining("not a Git repository");
    }
}
