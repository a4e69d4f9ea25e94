package dev.vouch.store;

import static dev.vouch.store.StoreFixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.stream.StreamTagName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL at random points: every committed step is there, nothing half-written. */
class StoreCrashIT {
    @TempDir
    Path dir;

    @Test
    void aKilledWriterLosesNoCommittedStepAndLeavesNoHalfState() throws Exception {
        Path database = dir.resolve("state.db");
        StreamTagName tag = StreamTagName.parse("app:prod");
        Random random = new Random(42);
        int lastCommitted = -1;
        for (int round = 0; round < 4; round++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), database.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicInteger committed = new AtomicInteger(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        committed.set(Integer.parseInt(line.substring("committed ".length())));
                    }
                } catch (Exception ignored) {
                    // the process was killed
                }
            });
            reader.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (committed.get() < lastCommitted + 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(150));
            writer.destroyForcibly().waitFor();
            reader.join();
            assertThat(committed.get()).as("round %d made progress", round).isGreaterThan(lastCommitted);
            lastCommitted = committed.get();

            try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + database);
                 Statement statement = raw.createStatement()) {
                try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                    assertThat(check.next()).isTrue();
                    assertThat(check.getString(1)).isEqualTo("ok");
                }
                try (ResultSet orphans = statement.executeQuery("PRAGMA foreign_key_check")) {
                    assertThat(orphans.next()).as("rows referring to missing rows").isFalse();
                }
            }
            try (SqliteStateStore store = SqliteStateStore.open(database)) {
                List<HistoryEntry> history = store.history(tag);
                for (int n = 0; n <= lastCommitted; n++) {
                    assertThat(store.entry(tag, digest("d" + n))).as("committed step %d", n).isPresent();
                }
                for (HistoryEntry entry : history) {
                    assertThat(entry.rollouts()).hasSizeLessThanOrEqualTo(1);
                }
                TagState state = store.tagState(tag);
                assertThat(state.current()).isPresent();
                assertThat(store.entry(tag, state.current().get()).orElseThrow().accepted())
                        .as("the current digest is an accepted one").isTrue();
            }
        }
    }
}
