package dev.vouch.store;

import static dev.vouch.store.StoreFixtures.accepted;
import static dev.vouch.store.StoreFixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContract {
    @TempDir
    Path dir;

    @Override
    SqliteStateStore open() throws StoreException {
        return SqliteStateStore.open(dir.resolve("nested/state.db"));
    }

    @Override
    SqliteStateStore openAnother() throws StoreException {
        return open();
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
    void createsTheDatabasesDirectory() throws Exception {
        open().close();
        assertThat(Files.isRegularFile(dir.resolve("nested/state.db"))).isTrue();
    }
}
