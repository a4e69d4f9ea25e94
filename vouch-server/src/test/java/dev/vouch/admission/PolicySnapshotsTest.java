package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gate.GatePolicy;
import dev.vouch.io.AtomicFiles;
import dev.vouch.transport.SourceContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy files looked at by the background thread, and on demand by {@link PolicySnapshots#refreshNow()}. */
class PolicySnapshotsTest {
    static final String ACCEPT = "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}";
    static final String REJECT = "{\"default\":[{\"type\":\"reject\"}]}";
    static final String INVALID = "{\"default\":[{\"type\":\"reject\"}],\"typo\":1}";
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path policyFile;
    final List<String> problems = new CopyOnWriteArrayList<>();
    Set<Thread> refreshersBefore;
    PolicySnapshots snapshots;

    @BeforeEach
    void open() throws Exception {
        policyFile = dir.resolve("policy.json");
        write(ACCEPT);
        refreshersBefore = refreshers();
        snapshots = PolicySnapshots.open(policyFile, Optional.empty(), SourceContext.defaults(), Clock.systemUTC(),
                problems::add);
    }

    @AfterEach
    void close() {
        snapshots.close();
    }

    /** Atomically, so that no look sees the file half-written. */
    void write(String policy) throws Exception {
        AtomicFiles.replace(policyFile, policy.getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
    }

    static Set<Thread> refreshers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("vouch-policy-refresh")).collect(Collectors.toSet());
    }

    @Test
    void aChangedPolicyIsPickedUpWithoutAnyoneAsking() throws Exception {
        String first = snapshots.get().version();
        write(REJECT);
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (snapshots.get().version().equals(first)) {
            assertThat(System.nanoTime()).as("the background thread looked within %s", GENEROUS)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(snapshots.get().policy().digest()).isEqualTo(GatePolicy.load(policyFile).digest());
        assertThat(problems).isEmpty();
    }

    @Test
    void anInvalidPolicyLookedAtConcurrentlyIsReportedOnceAndTheLastValidOneKept() throws Exception {
        String valid = snapshots.get().version();
        write(INVALID);
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    snapshots.refreshNow();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(GENEROUS.toMillis());
        }
        snapshots.refreshNow();

        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .startsWith("policy not reloaded, the previous one is kept: ").contains("typo"));
        assertThat(snapshots.problem()).isPresent();
        assertThat(snapshots.get().version()).isEqualTo(valid);

        write(REJECT);
        snapshots.refreshNow();
        assertThat(snapshots.problem()).isEmpty();
        assertThat(snapshots.get().version()).isNotEqualTo(valid);
    }

    @Test
    void closingStopsTheBackgroundThread() throws Exception {
        Set<Thread> started = refreshers();
        started.removeAll(refreshersBefore);
        assertThat(started).as("one refresher per instance").hasSize(1);
        Thread refresher = started.iterator().next();
        assertThat(refresher.isDaemon()).isTrue();

        snapshots.close();
        refresher.join(GENEROUS.toMillis());
        assertThat(refresher.isAlive()).isFalse();
        String version = snapshots.get().version();
        write(REJECT);
        snapshots.refreshNow();
        assertThat(snapshots.get().version()).as("closed: no more looks").isEqualTo(version);
    }
}
