package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gittarget.GitFixture;
import dev.vouch.reference.Digest;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.Rollout;
import dev.vouch.store.RolloutResult;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.store.StateStore;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamTagName;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Crash safety of {@code vouch serve} as a whole: a real child JVM running the engine ({@link ServeCrashMain}) follows
 * three tags of the real docker-registry (which sends it notifications), pushed and signed by skopeo, and rolls them
 * out to a clone of a bare Git repository. While the tags move, the child is killed with SIGKILL at random points
 * (during start-up and recovery, right after an import, during a rollout's write, commit or push) and started again.
 * After every kill no manifest is half-written; at the end every manifest holds the newest verified digest of its tag
 * (no lost update), no two commits make the same change and none writes an unverified digest (no duplicate commit),
 * the store's history agrees with what was pushed and committed, and the clone equals the remote.
 *
 * <p>The randomness is seeded; the seed is printed and named in a failure ({@code -Dvouch.crash.seed=N} repeats a run).
 */
class ServeCrashIT {
    private static final int TAGS = 3;
    private static final int ROUNDS = 6;
    private static final String TOKEN = "crash-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private static final Pattern IMAGE = Pattern.compile("example\\.com/t(\\d):old|127\\.0\\.0\\.1:\\d+/team/t(\\d)"
            + "@(sha256:[0-9a-f]{64})");

    /** A container whose image follows tag {@code t<tag>} of stream {@code app}. */
    private record Binding(String path, String container, int tag) {
    }

    private static final List<Binding> BINDINGS = List.of(new Binding("apps/t0.yaml", "app", 0),
            new Binding("apps/t1.yaml", "app", 1), new Binding("apps/both.yaml", "one", 1),
            new Binding("apps/both.yaml", "two", 2));

    @TempDir
    Path temp;

    private RegistryFixture fixture;
    private RegistryServer registry;
    private GitFixture git;
    private Path remote;
    private Path work;
    private Path config;
    private Path childLog;
    private final Map<Integer, List<Digest>> signedPushes = new HashMap<>();
    private final Set<Digest> unsignedPushes = new HashSet<>();
    private int variants;

    @Test
    void survivesSigkillAtRandomPointsWithoutLostUpdatesDuplicateCommitsOrHalfWrittenFiles() throws Exception {
        long seed = Long.getLong("vouch.crash.seed", System.nanoTime());
        System.out.println("ServeCrashIT seed " + seed);
        try {
            run(new Random(seed));
        } catch (Throwable e) {
            String log = childLog != null && Files.exists(childLog) ? tail(Files.readString(childLog), 12000) : "";
            throw new AssertionError("seed " + seed + " (repeat with -Dvouch.crash.seed=" + seed + "): "
                    + e.getMessage() + "\nchildren's log (end):\n" + log, e);
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    private void run(Random random) throws Exception {
        long start = System.nanoTime();
        fixture = RegistryFixture.start(temp.resolve("fixture"));
        System.out.println("ServeCrashIT: registries and keys ready, " + elapsed(start));
        int port = RegistryServer.freePort();
        registry = RegistryServer.builder(temp.resolve("registry"))
                .notifications("http://127.0.0.1:" + port + "/notifications", TOKEN).start();
        git = new GitFixture(temp.resolve("git"));
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : paths()) {
            files.put(path, template(path));
        }
        remote = git.bareRemote("manifests", files);
        work = temp.resolve("work");
        childLog = temp.resolve("child.log");
        config = writeConfig(port);

        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int mode = random.nextInt(4);
            if (mode == 0 || mode == 3) {
                // Tags moved while vouch was down.
                for (int n = 1 + random.nextInt(2); n > 0; n--) {
                    push(random, round);
                }
            }
            Child child = Child.start(this);
            if (mode == 0) {
                // During the catch-up after recovery: submitting the current digests again, importing, rolling out.
                child.await("serve.opened", 0, Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(1200));
            } else if (mode == 3) {
                // During start-up or the recovery of the target itself.
                child.process.waitFor(1500 + random.nextInt(2000), TimeUnit.MILLISECONDS);
            } else {
                child.await("crash.serving", 0, Duration.ofSeconds(60));
                int mark = child.lines.size();
                for (int n = 1 + random.nextInt(2); n > 0; n--) {
                    push(random, round);
                }
                if (mode == 1) {
                    // During a rollout: its write, commit or push.
                    child.awaitQuietly("rollout.submitted", mark, Duration.ofSeconds(5));
                    Thread.sleep(random.nextInt(150));
                } else {
                    // Right after a verdict was recorded, before or while it is handed to the target.
                    child.awaitQuietly("import.accepted", mark, Duration.ofSeconds(5));
                    Thread.sleep(random.nextInt(40));
                }
            }
            assertThat(child.process.isAlive()).as("child alive before kill %d", round).isTrue();
            child.kill();
            kills++;
            System.out.println("ServeCrashIT: round " + round + " (mode " + mode + ") killed after "
                    + child.lastEvent() + ", " + elapsed(start));
            assertWhole(work);
        }

        // A last signed push to every tag, complete before vouch starts again, so that each tag's newest verified
        // digest is its newest push (a signed push read before its signature was written stays rejected until a
        // notification or an import after the gate's pause).
        for (int tag = 0; tag < TAGS; tag++) {
            pushTo(tag, true, ROUNDS);
        }
        Child last = Child.start(this);
        try {
            ServeIT.await("every tag rolled out and recorded", Duration.ofSeconds(90), this::converged);
        } finally {
            last.kill();
        }
        System.out.println("ServeCrashIT: converged, " + elapsed(start));
        System.out.println("ServeCrashIT: " + kills + " kills, pushes " + signedPushes + ", unsigned "
                + unsignedPushes);
        assertWhole(work);
        checkManifests();
        checkCommits();
        checkStore();
        assertThat(git.head(work, "HEAD")).as("the clone's HEAD").isEqualTo(git.head(remote, "main"));
        assertThat(git.git(work, "status", "--porcelain")).as("the clone's working tree").isEmpty();
        git.fsck(remote);
        git.fsck(work);
    }

    private void push(Random random, int round) throws IOException {
        pushTo(random.nextInt(TAGS), random.nextInt(5) != 0, round);
    }

    private void pushTo(int tag, boolean signed, int round) throws IOException {
        String variant = "crash-" + round + "-" + (variants++);
        Digest digest = Digest.parse(fixture.push(registry, "team/t" + tag + ":prod", variant,
                signed ? Optional.of(fixture.trustedKey) : Optional.empty(), List.of()));
        if (signed) {
            signedPushes.computeIfAbsent(tag, t -> new ArrayList<>()).add(digest);
        } else {
            unsignedPushes.add(digest);
        }
    }

    private Optional<Digest> expected(int tag) {
        List<Digest> pushes = signedPushes.getOrDefault(tag, List.of());
        return pushes.isEmpty() ? Optional.empty() : Optional.of(pushes.get(pushes.size() - 1));
    }

    private static StreamTagName tagName(int tag) {
        return StreamTagName.parse("app:t" + tag);
    }

    /** The remote holds every tag's newest digest and the store records its rollout to every file following it. */
    private boolean converged() {
        try (StateStore store = SqliteStateStore.open(temp.resolve("state.db"))) {
            for (int tag = 0; tag < TAGS; tag++) {
                Digest digest = expected(tag).orElseThrow();
                if (!store.tagState(tagName(tag)).current().equals(Optional.of(digest))) {
                    return false;
                }
                Set<String> recorded = new HashSet<>();
                for (Rollout rollout : store.entry(tagName(tag), digest).orElseThrow().rollouts()) {
                    rollout.message().ifPresent(recorded::add);
                }
                for (Binding binding : BINDINGS) {
                    if (binding.tag() == tag && !recorded.contains(binding.path())) {
                        return false;
                    }
                }
            }
            for (Binding binding : BINDINGS) {
                if (!images(git.show(remote, "main", binding.path()), binding.path()).get(binding.container())
                        .equals(pinned(binding.tag(), expected(binding.tag()).orElseThrow()))) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private String pinned(int tag, Digest digest) {
        return registry.hostPort() + "/team/t" + tag + "@" + digest;
    }

    /** No lost update: every container, in the clone and the remote, is at its tag's newest verified digest. */
    private void checkManifests() throws IOException {
        for (Binding binding : BINDINGS) {
            String want = pinned(binding.tag(), expected(binding.tag()).orElseThrow());
            assertThat(images(Files.readString(work.resolve(binding.path())), binding.path()))
                    .as("the clone's %s", binding.path()).containsEntry(binding.container(), want);
            assertThat(images(git.show(remote, "main", binding.path()), binding.path()))
                    .as("the remote's %s", binding.path()).containsEntry(binding.container(), want);
        }
    }

    /**
     * No duplicate commit: no two commits set the same container to the same digest, every digest a commit writes was
     * pushed signed, each container's digests are written in the order they were pushed, and no commit is a merge.
     */
    private void checkCommits() {
        assertThat(git.git(remote, "rev-list", "--merges", "main")).as("merge commits").isEmpty();
        List<String> commits = new ArrayList<>(List.of(git.git(remote, "rev-list", "--reverse", "main").strip()
                .split("\n")));
        assertThat(commits).as("commits").hasSizeGreaterThan(1);
        Map<Binding, List<String>> written = new HashMap<>();
        String previousCommit = commits.get(0);
        for (String commit : commits.subList(1, commits.size())) {
            int changes = 0;
            for (String path : paths()) {
                Map<String, String> before = images(git.show(remote, previousCommit, path), path);
                Map<String, String> after = images(git.show(remote, commit, path), path);
                for (Binding binding : BINDINGS) {
                    if (binding.path().equals(path) && !before.get(binding.container())
                            .equals(after.get(binding.container()))) {
                        written.computeIfAbsent(binding, b -> new ArrayList<>()).add(after.get(binding.container()));
                        changes++;
                    }
                }
            }
            assertThat(changes).as("changes made by commit %s", commit).isPositive();
            previousCommit = commit;
        }
        for (Map.Entry<Binding, List<String>> entry : written.entrySet()) {
            int tag = entry.getKey().tag();
            List<String> order = signedPushes.getOrDefault(tag, List.of()).stream().map(d -> pinned(tag, d)).toList();
            assertThat(entry.getValue()).as("digests written to %s", entry.getKey()).doesNotHaveDuplicates()
                    .isSubsetOf(order);
            List<Integer> positions = entry.getValue().stream().map(order::indexOf).toList();
            assertThat(positions).as("digests written to %s, by push order", entry.getKey()).isSorted();
        }
        String messages = git.git(remote, "log", "--format=%B", "main");
        for (Digest unsigned : unsignedPushes) {
            assertThat(messages).as("commit messages").doesNotContain(unsigned.toString());
        }
    }

    /**
     * The store agrees: each tag is current at its newest push, every unsigned push is rejected (a signed one only if
     * it was read before its signature was written), only accepted digests have rollouts, none failed, and every
     * rollout naming a commit names one of the remote that changed that file to that digest.
     */
    private void checkStore() throws Exception {
        Set<String> remoteCommits = new HashSet<>(List.of(git.git(remote, "rev-list", "main").strip().split("\n")));
        try (StateStore store = SqliteStateStore.open(temp.resolve("state.db"))) {
            for (int tag = 0; tag < TAGS; tag++) {
                TagState state = store.tagState(tagName(tag));
                assertThat(state.current()).as("current digest of t%d", tag).isEqualTo(expected(tag));
                assertThat(state.observed()).as("observed digest of t%d", tag).isEqualTo(expected(tag));
                assertThat(state.pinned()).isFalse();
                List<Digest> signed = signedPushes.getOrDefault(tag, List.of());
                for (HistoryEntry entry : store.history(tagName(tag))) {
                    assertThat(signed.contains(entry.digest()) || unsignedPushes.contains(entry.digest()))
                            .as("%s pushed to t%d", entry.digest(), tag).isTrue();
                    if (unsignedPushes.contains(entry.digest())) {
                        assertThat(entry.accepted()).as("verdict on unsigned %s", entry.digest()).isFalse();
                    } else if (!entry.accepted()) {
                        // Read between the push of its manifest and its signature, then replaced before a notification
                        // or a restart after the pause had it verified again.
                        assertThat(entry.verdict().summary()).as("verdict on signed %s", entry.digest())
                                .contains("no signature exists");
                        assertThat(entry.digest()).isNotEqualTo(expected(tag).orElseThrow());
                    }
                    if (!entry.accepted()) {
                        assertThat(entry.rollouts()).as("rollouts of rejected %s", entry.digest()).isEmpty();
                    }
                    for (Rollout rollout : entry.rollouts()) {
                        assertThat(rollout.result()).as("rollout %s of %s", rollout, entry.digest())
                                .isNotEqualTo(RolloutResult.FAILED);
                        if (rollout.ref().isPresent()) {
                            String commit = rollout.ref().get();
                            assertThat(remoteCommits).as("commit of rollout %s", rollout).contains(commit);
                            String path = rollout.message().orElseThrow();
                            assertThat(git.show(remote, commit, path)).as("%s in %s", path, commit)
                                    .contains(pinned(tag, entry.digest()));
                        }
                    }
                }
            }
        }
    }

    /** Every manifest of the clone is whole: it is its template with each image some pinned digest of its tag. */
    private void assertWhole(Path directory) throws IOException {
        for (String path : paths()) {
            Path file = directory.resolve(path);
            if (!Files.exists(file)) {
                continue;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(new Load(LoadSettings.builder().build()).loadFromString(text)).as(path).isInstanceOf(Map.class);
            String shape = IMAGE.matcher(text).replaceAll(m -> "IMAGE-t" + (m.group(1) != null ? m.group(1)
                    : m.group(2)));
            assertThat(shape).as("%s, images aside", path).isEqualTo(IMAGE.matcher(template(path))
                    .replaceAll(m -> "IMAGE-t" + m.group(1)));
        }
    }

    /** The images of the containers of {@code path}, by container name. */
    private static Map<String, String> images(String text, String path) {
        Map<String, String> images = new LinkedHashMap<>();
        Matcher matcher = Pattern.compile("image: (\\S+)").matcher(text);
        for (Binding binding : BINDINGS) {
            if (binding.path().equals(path)) {
                assertThat(matcher.find()).as("image of %s in %s", binding.container(), path).isTrue();
                images.put(binding.container(), matcher.group(1));
            }
        }
        return images;
    }

    private static List<String> paths() {
        return BINDINGS.stream().map(Binding::path).distinct().toList();
    }

    private static String template(String path) {
        List<Binding> containers = BINDINGS.stream().filter(b -> b.path().equals(path)).toList();
        StringBuilder triggers = new StringBuilder();
        StringBuilder specs = new StringBuilder();
        for (Binding binding : containers) {
            triggers.append(triggers.length() == 0 ? "" : ",").append("{\"from\":{\"kind\":\"ImageStreamTag\","
                    + "\"name\":\"app:t").append(binding.tag()).append("\"},\"fieldPath\":\"spec.template.spec"
                    + ".containers[?(@.name==\\\"").append(binding.container()).append("\\\")].image\"}");
            specs.append("        # follows app:t").append(binding.tag()).append("\n        - name: ")
                    .append(binding.container()).append("\n          image: example.com/t").append(binding.tag())
                    .append(":old\n");
        }
        String name = path.substring(path.lastIndexOf('/') + 1).replace(".yaml", "");
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  annotations:\n"
                + "    image.openshift.io/triggers: '[" + triggers + "]'\nspec:\n  template:\n    spec:\n"
                + "      containers:\n" + specs;
    }

    private Path writeConfig(int port) throws IOException {
        Path token = Files.writeString(temp.resolve("token"), TOKEN + "\n");
        StringBuilder yaml = new StringBuilder("policy: " + fixture.signedByPolicy + "\nregistriesD: "
                + fixture.fileRegistriesDirectory + "\ntlsVerify: false\nstate: " + temp.resolve("state.db")
                + "\nstreams:\n  - name: app\n    tags:\n");
        for (int tag = 0; tag < TAGS; tag++) {
            yaml.append("      - name: t").append(tag).append("\n        from: docker://").append(registry.hostPort())
                    .append("/team/t").append(tag).append(":prod\n        importInterval: 1h\n");
        }
        yaml.append("serve:\n  listen: 127.0.0.1:").append(port).append("\n  notifications:\n    tokenFile: ")
                .append(token).append("\ntarget:\n  directory: ").append(work).append("\n  remote: ").append(remote)
                .append("\n  branch: ").append(GitFixture.BRANCH)
                .append("\n  author: {name: vouch, email: vouch@localhost}\n");
        return Files.writeString(temp.resolve("vouch.yaml"), yaml.toString());
    }

    private static String elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    private static String tail(String text, int length) {
        return text.length() <= length ? text : text.substring(text.length() - length);
    }

    /** A child JVM running {@link ServeCrashMain}; its output lines are kept and copied to the children's log. */
    private record Child(Process process, List<String> lines, Thread output) {
        static Child start(ServeCrashIT test) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path home = test.temp.resolve("home");
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                    ServeCrashMain.class.getName(), test.config.toString(), home.toString()));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            builder.redirectErrorStream(true);
            Files.writeString(test.childLog, "--- start " + Instant.now() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Process process = builder.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread output = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                        Files.writeString(test.childLog, line + "\n", StandardOpenOption.APPEND);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            output.start();
            return new Child(process, lines, output);
        }

        /** Waits for a log line of {@code event} after line {@code from}; fails if it does not come. */
        void await(String event, int from, Duration timeout) throws InterruptedException {
            assertThat(awaitQuietly(event, from, timeout)).as("event %s from the child", event).isTrue();
        }

        boolean awaitQuietly(String event, int from, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            String wanted = "\"event\":\"" + event + "\"";
            while (System.nanoTime() < deadline) {
                for (int i = from; i < lines.size(); i++) {
                    if (lines.get(i).contains(wanted)) {
                        return true;
                    }
                }
                if (!process.isAlive()) {
                    return false;
                }
                Thread.sleep(5);
            }
            return false;
        }

        /** The event of the child's last log line, or "(none)". */
        String lastEvent() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher matcher = Pattern.compile("\"event\":\"([^\"]+)\"").matcher(lines.get(i));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            return "(none)";
        }

        /** SIGKILL (what {@link Process#destroyForcibly} sends on Linux), then waits for the end. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed child ended").isTrue();
            output.join();
        }
    }
}
