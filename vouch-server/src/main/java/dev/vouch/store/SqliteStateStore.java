package dev.vouch.store;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@link StateStore} in an SQLite database file: write-ahead log, full synchronous commits, foreign keys on,
 * every method one {@code BEGIN IMMEDIATE} transaction. Several processes (an import from the CLI while
 * {@code vouch serve} runs) may open the same file: a writer waits up to {@link #BUSY_TIMEOUT_MILLIS} for another.
 * A process killed at any point leaves the last committed state. The schema is versioned ({@link Migrations}).
 * One instance serializes its callers; it is safe to share between threads.
 */
public final class SqliteStateStore implements StateStore {
    /** How long a transaction waits for another process's to end. */
    public static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final Connection connection;
    private final String database;

    private SqliteStateStore(Connection connection, String database) {
        this.connection = connection;
        this.database = database;
    }

    /** Opens (creating it and its directory if needed) and migrates the database at {@code file}. */
    public static SqliteStateStore open(Path file) throws StoreException {
        String database = "state database " + file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException(database + ": cannot create its directory: " + e.getMessage(), e);
        }
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "FULL");
        properties.setProperty("foreign_keys", "true");
        properties.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        } catch (SQLException e) {
            throw new StoreException(database + ": cannot be opened: " + e.getMessage(), e);
        }
        SqliteStateStore store = new SqliteStateStore(connection, database);
        try {
            while (store.transaction("migrating the schema", () -> Migrations.step(connection, database))) {
                // one migration per transaction
            }
        } catch (StoreException | RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
        return store;
    }

    /** The schema version of the open database. */
    public int schemaVersion() throws StoreException {
        return transaction("reading the schema version", () -> Migrations.version(connection));
    }

    @Override
    public TagState tagState(StreamTagName tag) throws StoreException {
        return transaction("reading " + tag, () -> readTag(tag).map(TagRow::state).orElse(TagState.empty(tag)));
    }

    @Override
    public List<TagState> tagStates() throws StoreException {
        return transaction("listing tags", () -> {
            List<TagState> states = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, stream, tag, current_digest,"
                    + " pinned, observed_digest FROM tags ORDER BY stream, tag");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.add(tagRow(rows).state());
                }
            }
            return states;
        });
    }

    @Override
    public Optional<HistoryEntry> entry(StreamTagName tag, Digest digest) throws StoreException {
        return transaction("reading the history of " + tag, () -> entries(tag, Optional.of(digest)).stream()
                .findFirst());
    }

    @Override
    public List<HistoryEntry> history(StreamTagName tag) throws StoreException {
        return transaction("reading the history of " + tag, () -> entries(tag, Optional.empty()));
    }

    @Override
    public Optional<CurrentChange> recordVerdict(StreamTagName tag, Digest digest, RecordedVerdict verdict,
                                                 String policyDigest, Instant time) throws StoreException {
        return transaction("recording the verdict on " + tag + "@" + digest, () -> {
            TagRow row = ensureTag(tag, time);
            Optional<Long> existing = historyId(row.id(), digest);
            if (existing.isPresent()) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE history SET verified_at = ?,"
                        + " accepted = ?, verdict = ?, policy_digest = ? WHERE id = ?")) {
                    update.setLong(1, time.toEpochMilli());
                    update.setInt(2, verdict.accepted() ? 1 : 0);
                    update.setString(3, verdict.toJson());
                    update.setString(4, policyDigest);
                    update.setLong(5, existing.get());
                    update.executeUpdate();
                }
                markSeen(row, existing.get(), digest, time);
            } else {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO history (tag_id, digest,"
                        + " first_seen, last_seen, seen_seq, verified_at, accepted, verdict, policy_digest)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, row.id());
                    insert.setString(2, digest.toString());
                    insert.setLong(3, time.toEpochMilli());
                    insert.setLong(4, time.toEpochMilli());
                    insert.setLong(5, nextSeenSequence(row.id()));
                    insert.setLong(6, time.toEpochMilli());
                    insert.setInt(7, verdict.accepted() ? 1 : 0);
                    insert.setString(8, verdict.toJson());
                    insert.setString(9, policyDigest);
                    insert.executeUpdate();
                }
                setObserved(row.id(), digest, time);
            }
            return followNewest(row, time);
        });
    }

    @Override
    public Optional<CurrentChange> recordSeen(StreamTagName tag, Digest digest, Instant time) throws StoreException {
        return transaction("recording that " + tag + " points at " + digest, () -> {
            TagRow row = ensureTag(tag, time);
            long id = historyId(row.id(), digest).orElseThrow(() -> new StoreException(database + ": " + digest
                    + " is not in the history of " + tag));
            markSeen(row, id, digest, time);
            return followNewest(row, time);
        });
    }

    @Override
    public void recordFailure(StreamTagName tag, ImportFailure failure) throws StoreException {
        transaction("recording a failed import of " + tag, () -> {
            TagRow row = ensureTag(tag, failure.time());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO import_failures (tag_id, time,"
                    + " digest, error) VALUES (?, ?, ?, ?)");
                 PreparedStatement prune = connection.prepareStatement("DELETE FROM import_failures WHERE tag_id = ?"
                         + " AND id NOT IN (SELECT id FROM import_failures WHERE tag_id = ? ORDER BY id DESC LIMIT ?)")) {
                insert.setLong(1, row.id());
                insert.setLong(2, failure.time().toEpochMilli());
                insert.setString(3, failure.digest().map(Digest::toString).orElse(null));
                insert.setString(4, failure.error());
                insert.executeUpdate();
                prune.setLong(1, row.id());
                prune.setLong(2, row.id());
                prune.setInt(3, MAX_FAILURES_KEPT);
                prune.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<ImportFailure> failures(StreamTagName tag) throws StoreException {
        return transaction("reading the failed imports of " + tag, () -> {
            List<ImportFailure> failures = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT f.time, f.digest, f.error FROM"
                    + " import_failures f JOIN tags t ON t.id = f.tag_id WHERE t.stream = ? AND t.tag = ?"
                    + " ORDER BY f.id DESC")) {
                select.setString(1, tag.stream());
                select.setString(2, tag.tag());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        failures.add(new ImportFailure(Instant.ofEpochMilli(rows.getLong(1)),
                                Optional.ofNullable(rows.getString(2)).map(Digest::parse), rows.getString(3)));
                    }
                }
            }
            return failures;
        });
    }

    @Override
    public CurrentChange pin(StreamTagName tag, Optional<Digest> digest, Instant time) throws StoreException {
        return transaction("pinning " + tag, () -> {
            TagRow row = readTag(tag).orElseThrow(() -> new PinRefusedException(tag + " has no history yet"));
            Digest target;
            if (digest.isPresent()) {
                target = digest.get();
                Optional<Long> accepted = queryLong("SELECT id FROM history WHERE tag_id = ? AND digest = ?"
                        + " AND accepted = 1", row.id(), target.toString());
                if (accepted.isEmpty()) {
                    throw new PinRefusedException(target + " is not an accepted digest in the history of " + tag);
                }
            } else {
                Digest current = row.current().orElseThrow(() -> new PinRefusedException(tag
                        + " has no current digest to go back from"));
                Optional<String> previous = queryString("SELECT digest FROM history WHERE tag_id = ? AND accepted = 1"
                        + " AND seen_seq < (SELECT seen_seq FROM history WHERE tag_id = ? AND digest = ?)"
                        + " ORDER BY seen_seq DESC LIMIT 1", row.id(), row.id(), current.toString());
                target = Digest.parse(previous.orElseThrow(() -> new PinRefusedException("no accepted digest of "
                        + tag + " is older than the current one, " + current)));
            }
            setCurrent(row.id(), Optional.of(target), true, time);
            return new CurrentChange(tag, row.current(), target, true);
        });
    }

    @Override
    public Optional<CurrentChange> unpin(StreamTagName tag, Instant time) throws StoreException {
        return transaction("unpinning " + tag, () -> {
            Optional<TagRow> row = readTag(tag);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            setCurrent(row.get().id(), row.get().current(), false, time);
            TagRow unpinned = new TagRow(row.get().id(), tag, row.get().current(), false, row.get().observed());
            return followNewest(unpinned, time);
        });
    }

    @Override
    public void recordRollout(StreamTagName tag, Digest digest, Rollout rollout) throws StoreException {
        transaction("recording a rollout of " + tag + "@" + digest, () -> {
            TagRow row = readTag(tag).orElseThrow(() -> new StoreException(database + ": " + tag
                    + " has no history"));
            long historyId = historyId(row.id(), digest).orElseThrow(() -> new StoreException(database + ": "
                    + digest + " is not in the history of " + tag));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rollouts (history_id, target,"
                    + " result, ref, message, time) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, historyId);
                insert.setString(2, rollout.target());
                insert.setString(3, rollout.result().name());
                insert.setString(4, rollout.ref().orElse(null));
                insert.setString(5, rollout.message().orElse(null));
                insert.setLong(6, rollout.time().toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void close() throws StoreException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException(database + ": closing: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one reported
        }
    }

    // --- the steps, each inside the caller's transaction

    private record TagRow(long id, StreamTagName name, Optional<Digest> current, boolean pinned,
                          Optional<Digest> observed) {
        TagState state() {
            return new TagState(name, current, pinned, observed);
        }
    }

    private static TagRow tagRow(ResultSet rows) throws SQLException {
        return new TagRow(rows.getLong(1), new StreamTagName(rows.getString(2), rows.getString(3)),
                Optional.ofNullable(rows.getString(4)).map(Digest::parse), rows.getInt(5) == 1,
                Optional.ofNullable(rows.getString(6)).map(Digest::parse));
    }

    private Optional<TagRow> readTag(StreamTagName tag) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, stream, tag, current_digest, pinned,"
                + " observed_digest FROM tags WHERE stream = ? AND tag = ?")) {
            select.setString(1, tag.stream());
            select.setString(2, tag.tag());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(tagRow(rows)) : Optional.empty();
            }
        }
    }

    private TagRow ensureTag(StreamTagName tag, Instant time) throws SQLException {
        Optional<TagRow> existing = readTag(tag);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tags (stream, tag, updated_at)"
                + " VALUES (?, ?, ?)")) {
            insert.setString(1, tag.stream());
            insert.setString(2, tag.tag());
            insert.setLong(3, time.toEpochMilli());
            insert.executeUpdate();
        }
        return readTag(tag).orElseThrow();
    }

    private Optional<Long> historyId(long tagId, Digest digest) throws SQLException {
        return queryLong("SELECT id FROM history WHERE tag_id = ? AND digest = ?", tagId, digest.toString());
    }

    private long nextSeenSequence(long tagId) throws SQLException {
        return queryLong("SELECT COALESCE(MAX(seen_seq), 0) + 1 FROM history WHERE tag_id = ?", tagId).orElse(1L);
    }

    /** The tag moved to {@code digest} (unless it already was there): the entry becomes the most recently seen. */
    private void markSeen(TagRow row, long historyId, Digest digest, Instant time) throws SQLException {
        if (row.observed().filter(digest::equals).isPresent()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE history SET last_seen = ?, seen_seq = ?"
                + " WHERE id = ?")) {
            update.setLong(1, time.toEpochMilli());
            update.setLong(2, nextSeenSequence(row.id()));
            update.setLong(3, historyId);
            update.executeUpdate();
        }
        setObserved(row.id(), digest, time);
    }

    private void setObserved(long tagId, Digest digest, Instant time) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE tags SET observed_digest = ?,"
                + " updated_at = ? WHERE id = ?")) {
            update.setString(1, digest.toString());
            update.setLong(2, time.toEpochMilli());
            update.setLong(3, tagId);
            update.executeUpdate();
        }
    }

    private void setCurrent(long tagId, Optional<Digest> current, boolean pinned, Instant time) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE tags SET current_digest = ?, pinned = ?,"
                + " updated_at = ? WHERE id = ?")) {
            update.setString(1, current.map(Digest::toString).orElse(null));
            update.setInt(2, pinned ? 1 : 0);
            update.setLong(3, time.toEpochMilli());
            update.setLong(4, tagId);
            update.executeUpdate();
        }
    }

    /** Unless pinned: the most recently seen accepted digest becomes current. */
    private Optional<CurrentChange> followNewest(TagRow row, Instant time) throws SQLException {
        TagRow now = readTag(row.name()).orElseThrow();
        if (now.pinned()) {
            return Optional.empty();
        }
        Optional<Digest> newest = queryString("SELECT digest FROM history WHERE tag_id = ? AND accepted = 1"
                + " ORDER BY seen_seq DESC LIMIT 1", row.id()).map(Digest::parse);
        if (newest.isEmpty() || newest.equals(now.current())) {
            return Optional.empty();
        }
        setCurrent(row.id(), newest, false, time);
        return Optional.of(new CurrentChange(row.name(), now.current(), newest.get(), false));
    }

    private List<HistoryEntry> entries(StreamTagName tag, Optional<Digest> only) throws SQLException, StoreException {
        Map<Long, List<Rollout>> rollouts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT r.history_id, r.target, r.result, r.ref,"
                + " r.message, r.time FROM rollouts r JOIN history h ON h.id = r.history_id JOIN tags t"
                + " ON t.id = h.tag_id WHERE t.stream = ? AND t.tag = ? ORDER BY r.id")) {
            select.setString(1, tag.stream());
            select.setString(2, tag.tag());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    rollouts.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(new Rollout(
                            rows.getString(2), RolloutResult.valueOf(rows.getString(3)),
                            Optional.ofNullable(rows.getString(4)), Optional.ofNullable(rows.getString(5)),
                            Instant.ofEpochMilli(rows.getLong(6))));
                }
            }
        }
        List<HistoryEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT h.id, h.digest, h.first_seen,"
                + " h.last_seen, h.verified_at, h.verdict, h.policy_digest FROM history h JOIN tags t"
                + " ON t.id = h.tag_id WHERE t.stream = ? AND t.tag = ? AND (? IS NULL OR h.digest = ?)"
                + " ORDER BY h.seen_seq DESC")) {
            select.setString(1, tag.stream());
            select.setString(2, tag.tag());
            select.setString(3, only.map(Digest::toString).orElse(null));
            select.setString(4, only.map(Digest::toString).orElse(null));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    RecordedVerdict verdict;
                    try {
                        verdict = RecordedVerdict.fromJson(rows.getString(6));
                    } catch (IOException e) {
                        throw new StoreException(database + ": the verdict on " + tag + "@" + rows.getString(2)
                                + " is damaged: " + e.getMessage(), e);
                    }
                    entries.add(new HistoryEntry(tag, Digest.parse(rows.getString(2)),
                            Instant.ofEpochMilli(rows.getLong(3)), Instant.ofEpochMilli(rows.getLong(4)),
                            Instant.ofEpochMilli(rows.getLong(5)), verdict, rows.getString(7),
                            rollouts.getOrDefault(rows.getLong(1), List.of())));
                }
            }
        }
        return entries;
    }

    private Optional<Long> queryLong(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = prepare(sql, parameters); ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
        }
    }

    private Optional<String> queryString(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = prepare(sql, parameters); ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    // --- transactions

    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    /** Runs {@code work} in one immediate transaction: committed if it returns, rolled back if it throws. */
    private synchronized <T> T transaction(String what, Work<T> work) throws StoreException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run();
                statement.execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(statement);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(database + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite has already rolled back (e.g. after an I/O error); the original failure is reported
        }
    }
}
