package dev.vouch.gittarget;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link GitTargetCrashIT}, standing in for vouch serve: opens the target (recovering), then
 * submits every change not yet recorded as published in its journal (the state store's stand-in), in bursts, and
 * records each published result with an fsync. Exits 0 when every change is published.
 *
 * <p>Arguments: work directory, remote URL, journal file, number of changes.
 */
public final class CrashLoopMain {
    static final int FILES = 4;

    private CrashLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String remote = args[1];
        Path journal = Path.of(args[2]);
        int total = Integer.parseInt(args[3]);
        Set<Integer> published = ConcurrentHashMap.newKeySet();
        if (Files.exists(journal)) {
            Files.readAllLines(journal).stream().filter(l -> !l.isBlank()).map(Integer::parseInt)
                    .forEach(published::add);
        }
        GitTargetSettings settings = GitTargetSettings.builder(work).remote(remote).branch(GitFixture.BRANCH)
                .pushRetryDelay(Duration.ofMillis(100), Duration.ofMillis(500)).build();
        try (FileChannel journalChannel = FileChannel.open(journal, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             GitTarget target = GitTarget.open(settings, result -> record(result, published, journalChannel))) {
            System.out.println("recovery: " + target.recovery() + " " + published.size() + " published before");
            List<Integer> remaining = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                if (!published.contains(i)) {
                    remaining.add(i);
                }
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (published.size() < total) {
                List<java.util.concurrent.CompletableFuture<EditResult>> burst = new ArrayList<>();
                for (int n = random.nextInt(1, 5); n > 0 && !remaining.isEmpty(); n--) {
                    burst.add(target.submit(change(remaining.remove(0))));
                }
                for (var future : burst) {
                    EditResult result = future.get(120, TimeUnit.SECONDS);
                    if (result.status() == EditResult.Status.CONFLICT || result.status() == EditResult.Status.FAILED) {
                        throw new IllegalStateException("unexpected result " + result);
                    }
                    record(result, published, journalChannel);
                    System.out.println("change " + result.edit().description().tag() + " " + result.status()
                            + (result.published() ? " published" : " not published") + result.commitId()
                            .map(c -> " in " + c.substring(0, 12)).orElse(""));
                }
                if (remaining.isEmpty() && published.size() < total) {
                    Thread.sleep(50);
                    target.pushNow().get(120, TimeUnit.SECONDS);
                }
                Thread.sleep(random.nextInt(0, 30));
            }
        }
        System.out.println("all " + total + " changes published");
    }

    /** Change {@code i}: appends {@code - change-i} to the list in its file, unless it is there. */
    static FileEdit change(int i) {
        String marker = marker(i);
        return new FileEdit(file(i), current -> {
            String text = new String(current, StandardCharsets.UTF_8);
            if (text.contains("\n" + marker + "\n")) {
                return current;
            }
            return (text + marker + "\n").getBytes(StandardCharsets.UTF_8);
        }, new ChangeDescription("app" + (i % FILES), "t" + i, digest(i), List.of("Crash Test <crash@example.com>")));
    }

    static String file(int i) {
        return "apps/app" + (i % FILES) + ".yaml";
    }

    static String marker(int i) {
        return String.format("- change-%03d", i);
    }

    static String digest(int i) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("change-" + i).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String initialContent(int file) {
        return "# rollouts of app" + file + "\nkind: ConfigMap\nrollouts:\n- seed\n";
    }

    private static synchronized void record(EditResult result, Set<Integer> published, FileChannel journal) {
        if (!result.published()) {
            return;
        }
        int i = Integer.parseInt(result.edit().description().tag().substring(1));
        if (published.add(i)) {
            try {
                journal.write(ByteBuffer.wrap((i + "\n").getBytes(StandardCharsets.UTF_8)));
                journal.force(true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static Set<Integer> journal(Path journal) throws IOException {
        Set<Integer> entries = new TreeSet<>();
        if (Files.exists(journal)) {
            Files.readAllLines(journal).stream().filter(l -> !l.isBlank()).map(Integer::parseInt)
                    .forEach(entries::add);
        }
        return entries;
    }
}
