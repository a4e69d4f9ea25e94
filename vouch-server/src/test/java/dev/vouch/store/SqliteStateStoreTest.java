package dev.vouch.store;

import static dev.vouch.store.StoreFixtures.accepted;
import static dev.vouch.store.StoreFixtures.digest;
import static dev.vouch.store.StoreFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {
    static final StreamTagName PROD = StreamTagName.parse("app:prod");
    static final String POLICY = "sha256:policy";
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    SqliteStateStore open() throws StoreException {
        return SqliteStateStore.open(dir.resolve("nested/state.db"));
    }

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void createsTheSchemaInWriteAheadLogModeAndKeepsEverythingAcrossReopening() throws Exception {
        Digest a = digest("a");
        try (SqliteStateStore store = open()) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
            store.recordVerdict(PROD, a, accepted("KEY1"), POLICY, at(1));
            store.recordRollout(PROD, a, new Rollout("git-prod", RolloutResult.SUCCEEDED, Optional.of("abc123"),
                    Optional.empty(), at(2)));
            store.recordFailure(PROD, new ImportFailure(at(3), Optional.empty(), "connection refused"));
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/state.db"));
             Statement statement = raw.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            assertThat(mode.next()).isTrue();
            assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
        }
        try (SqliteStateStore store = open()) {
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), false, Optional.of(a)));
            HistoryEntry entry = store.history(PROD).get(0);
            assertThat(entry.verdict()).isEqualTo(accepted("KEY1"));
            assertThat(entry.firstSeen()).isEqualTo(at(1));
            assertThat(entry.policyDigest()).isEqualTo(POLICY);
            assertThat(entry.rollouts()).containsExactly(new Rollout("git-prod", RolloutResult.SUCCEEDED,
                    Optional.of("abc123"), Optional.empty(), at(2)));
            assertThat(store.failures(PROD)).containsExactly(new ImportFailure(at(3), Optional.empty(),
                    "connection refused"));
        }
    }

    @Test
    void refusesADatabaseWithANewerSchema() throws Exception {
        Path file = dir.resolve("future.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA user_version = " + (Migrations.latest() + 1));
        }
        assertThatThrownBy(() -> SqliteStateStore.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version " + (Migrations.latest() + 1) + " is newer");
    }

    @Test
    void migratesAnEmptyDatabaseStepByStepAndOnlyOnce() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = raw.createStatement()) {
            statement.execute("CREATE TABLE unrelated (x)");
        }
        SqliteStateStore.open(file).close();
        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
        }
    }

    @Test
    void anAcceptedDigestBecomesCurrentAndARejectedOneLeavesIt() throws Exception {
        Digest a = digest("a");
        Digest b = digest("b");
        try (SqliteStateStore store = open()) {
            assertThat(store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1)))
                    .contains(new CurrentChange(PROD, Optional.empty(), a, false));
            assertThat(store.recordVerdict(PROD, b, rejected("no signature"), POLICY, at(2))).isEmpty();
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), false, Optional.of(b)));
            assertThat(store.history(PROD)).extracting(HistoryEntry::digest).containsExactly(b, a);
        }
    }

    @Test
    void aTagMovingBackToAnAcceptedDigestMakesItCurrentAgain() throws Exception {
        Digest a = digest("a");
        Digest b = digest("b");
        try (SqliteStateStore store = open()) {
            store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
            store.recordVerdict(PROD, b, accepted("K"), POLICY, at(2));
            assertThat(store.recordSeen(PROD, b, at(3))).isEmpty();
            assertThat(store.recordSeen(PROD, a, at(4))).contains(new CurrentChange(PROD, Optional.of(b), a, false));
            HistoryEntry entryA = store.entry(PROD, a).orElseThrow();
            assertThat(entryA.firstSeen()).isEqualTo(at(1));
            assertThat(entryA.lastSeen()).isEqualTo(at(4));
            assertThat(store.history(PROD)).extracting(HistoryEntry::digest).containsExactly(a, b);
        }
    }

    @Test
    void aPinHoldsAgainstNewerAcceptedDigestsUntilUnpinned() throws Exception {
        Digest a = digest("a");
        Digest b = digest("b");
        Digest c = digest("c");
        try (SqliteStateStore store = open()) {
            store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
            store.recordVerdict(PROD, b, accepted("K"), POLICY, at(2));
            assertThat(store.pin(PROD, Optional.empty(), at(3))).isEqualTo(new CurrentChange(PROD, Optional.of(b), a,
                    true));
            assertThat(store.recordVerdict(PROD, c, accepted("K"), POLICY, at(4))).isEmpty();
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), true, Optional.of(c)));
            assertThat(store.unpin(PROD, at(5))).contains(new CurrentChange(PROD, Optional.of(a), c, false));
            assertThat(store.tagState(PROD).pinned()).isFalse();
        }
    }

    @Test
    void refusesToPinToARejectedUnknownOrMissingEarlierDigest() throws Exception {
        Digest a = digest("a");
        Digest bad = digest("bad");
        try (SqliteStateStore store = open()) {
            assertThatThrownBy(() -> store.pin(PROD, Optional.empty(), at(0))).isInstanceOf(PinRefusedException.class)
                    .hasMessageContaining("no history");
            store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
            store.recordVerdict(PROD, bad, rejected("unsigned"), POLICY, at(2));
            assertThatThrownBy(() -> store.pin(PROD, Optional.of(bad), at(3))).isInstanceOf(PinRefusedException.class)
                    .hasMessageContaining("is not an accepted digest");
            assertThatThrownBy(() -> store.pin(PROD, Optional.of(digest("never")), at(3)))
                    .isInstanceOf(PinRefusedException.class).hasMessageContaining("is not an accepted digest");
            assertThatThrownBy(() -> store.pin(PROD, Optional.empty(), at(3))).isInstanceOf(PinRefusedException.class)
                    .hasMessageContaining("no accepted digest of app:prod is older");
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), false, Optional.of(bad)));
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws Exception {
        try (SqliteStateStore store = open()) {
            assertThatThrownBy(() -> store.recordSeen(PROD, digest("unknown"), at(1)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("is not in the history");
            // recordSeen created the tag row before failing: the rollback removed it again
            assertThat(store.tagStates()).isEmpty();
            assertThatThrownBy(() -> store.recordRollout(PROD, digest("unknown"), new Rollout("t",
                    RolloutResult.FAILED, Optional.empty(), Optional.of("x"), at(1)))).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void keepsOnlyTheLatestFailuresOfATag() throws Exception {
        try (SqliteStateStore store = open()) {
            for (int i = 0; i < StateStore.MAX_FAILURES_KEPT + 10; i++) {
                store.recordFailure(PROD, new ImportFailure(at(i), Optional.empty(), "failure " + i));
            }
            List<ImportFailure> failures = store.failures(PROD);
            assertThat(failures).hasSize(StateStore.MAX_FAILURES_KEPT);
            assertThat(failures.get(0).error()).isEqualTo("failure " + (StateStore.MAX_FAILURES_KEPT + 9));
        }
    }

    @Test
    void twoConnectionsWritingAtOnceLoseNothing() throws Exception {
        int perWriter = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SqliteStateStore first = open(); SqliteStateStore second = open()) {
            List<Future<?>> writers = new ArrayList<>();
            for (SqliteStateStore store : List.of(first, second)) {
                String name = store == first ? "first" : "second";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.recordVerdict(PROD, digest(name + i), i % 2 == 0 ? accepted("K") : rejected("r"),
                                POLICY, at(i));
                        store.recordRollout(PROD, digest(name + i), new Rollout(name, RolloutResult.SUCCEEDED,
                                Optional.empty(), Optional.empty(), at(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            List<HistoryEntry> history = first.history(PROD);
            assertThat(history).hasSize(2 * perWriter);
            assertThat(history).allSatisfy(entry -> assertThat(entry.rollouts()).hasSize(1));
            TagState state = second.tagState(PROD);
            HistoryEntry newestAccepted = history.stream().filter(HistoryEntry::accepted).findFirst().orElseThrow();
            assertThat(state.current()).contains(newestAccepted.digest());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createsTheDatabasesDirectory() throws Exception {
        open().close();
        assertThat(Files.isRegularFile(dir.resolve("nested/state.db"))).isTrue();
    }
}
