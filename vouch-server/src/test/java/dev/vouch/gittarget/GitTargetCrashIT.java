package dev.vouch.gittarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Kills (SIGKILL) a real child JVM running {@link CrashLoopMain} at random points of its write, commit and push loop
 * against a bare repository served by the real {@code git daemon}, restarts it, and checks after every kill that no
 * file is half-written and, at the end, that every change is in the remote exactly once, in one commit, with the
 * local branch equal to the remote one and both repositories passing {@code git fsck}.
 */
class GitTargetCrashIT {
    private static final int CHANGES = 60;
    private static final int KILLS = 12;

    @TempDir
    Path temp;

    @Test
    void survivesSigkillAtRandomPointsWithoutLostUpdatesDuplicateCommitsOrHalfWrittenFiles() throws Exception {
        GitFixture git = new GitFixture(temp);
        Map<String, String> files = new HashMap<>();
        for (int f = 0; f < CrashLoopMain.FILES; f++) {
            files.put("apps/app" + f + ".yaml", CrashLoopMain.initialContent(f));
        }
        Path remote = git.bareRemote("manifests", files);
        Path work = temp.resolve("work");
        Path journal = temp.resolve("journal");
        Path log = temp.resolve("child.log");
        long seed = System.nanoTime();
        System.out.println("seed " + seed);
        Random random = new Random(seed);
        int kills = 0;
        int lateKills = 0;
        try (GitDaemon daemon = GitDaemon.start(git, temp, "manifests.git")) {
            String url = daemon.url("manifests.git");
            for (int round = 0; round < KILLS; round++) {
                Child child = Child.start(temp, work, url, journal, log);
                boolean early = random.nextInt(4) == 0;
                if (!early) {
                    assertThat(child.ready.await(120, TimeUnit.SECONDS)).as("child recovered, see %s", log).isTrue();
                }
                // Mostly anywhere in the loop of writes, commits and pushes that follows recovery; sometimes
                // during start-up, the clone or the recovery itself.
                boolean exited = child.process.waitFor(random.nextInt(early ? 3000 : 1500), TimeUnit.MILLISECONDS);
                if (exited) {
                    assertThat(child.process.exitValue()).as("child exit, see %s", log).isZero();
                    break;
                }
                child.process.destroyForcibly();
                assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                child.output.join();
                kills++;
                lateKills += child.ready.getCount() == 0 ? 1 : 0;
                assertNoHalfWrittenFile(work);
            }
            Child last = Child.start(temp, work, url, journal, log);
            assertThat(last.process.waitFor(180, TimeUnit.SECONDS)).as("the last run finishes").isTrue();
            assertThat(last.process.exitValue()).as("last run's exit, see %s", log).isZero();
            last.output.join();
        }
        String output = Files.readString(log);
        assertThat(lateKills).as("kills after recovery").isPositive();
        System.out.println(kills + " kills, " + lateKills + " after recovery; children's output:\n" + output);

        assertThat(CrashLoopMain.journal(journal)).containsExactlyElementsOf(
                IntStream.range(0, CHANGES).boxed().toList());
        assertThat(git.head(work, "HEAD")).isEqualTo(git.head(remote, "main"));
        assertThat(git.git(work, "status", "--porcelain", "--ignored")).isEmpty();
        assertThat(git.git(remote, "rev-list", "--merges", "main")).isEmpty();
        git.fsck(remote);
        git.fsck(work);
        String messages = git.git(remote, "log", "--format=%B", "main");
        for (int i = 0; i < CHANGES; i++) {
            String digest = CrashLoopMain.digest(i);
            assertThat(messages.split(digest, -1)).as("commit message lines of change %d", i).hasSize(2);
            String marker = CrashLoopMain.marker(i);
            List<String> adding = GitFixture.lines(git.git(remote, "log", "--format=%H", "-S", marker, "main", "--",
                    CrashLoopMain.file(i)));
            assertThat(adding).as("commits adding change %d", i).hasSize(1);
            assertThat(git.git(remote, "show", "-s", "--format=%B", adding.get(0))).contains(digest);
            String content = git.show(remote, "main", CrashLoopMain.file(i));
            assertThat(content.split("\n" + marker + "\n", -1)).as("change %d in its file", i).hasSize(2);
        }
        assertNoHalfWrittenFile(work);
    }

    /** A child JVM whose output is copied to a log; {@code ready} opens when it has recovered. */
    private record Child(Process process, CountDownLatch ready, Thread output) {
        static Child start(Path temp, Path work, String url, Path journal, Path log) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), CrashLoopMain.class.getName(), work.toString(),
                    url, journal.toString(), Integer.toString(CHANGES)));
            builder.environment().put("HOME", temp.resolve("git-home").toString());
            builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            builder.redirectErrorStream(true);
            Process process = builder.start();
            CountDownLatch ready = new CountDownLatch(1);
            Thread output = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.startsWith("recovery: ")) {
                            ready.countDown();
                        }
                        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            output.start();
            return new Child(process, ready, output);
        }
    }

    /** Every manifest in the working copy is whole: it parses and holds only complete entries. */
    private static void assertNoHalfWrittenFile(Path work) throws IOException {
        Path apps = work.resolve("apps");
        if (!Files.isDirectory(apps)) {
            return;
        }
        try (Stream<Path> files = Files.list(apps)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("app\\d\\.yaml")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Object parsed = new Load(LoadSettings.builder().build()).loadFromString(text);
                assertThat(parsed).as(file.toString()).isInstanceOf(Map.class);
                Object rollouts = ((Map<?, ?>) parsed).get("rollouts");
                assertThat(rollouts).as(file.toString()).isInstanceOf(List.class);
                for (Object entry : (List<?>) rollouts) {
                    assertThat(entry).asString().matches("seed|change-\\d{3}");
                }
                assertThat(text).endsWith("\n");
            }
        }
    }
}
