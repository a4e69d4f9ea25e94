package dev.vouch.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as a list of migrations: migration N (from 1) brings a database from version N-1 to N, recorded in
 * SQLite's {@code user_version}. Each runs in its own transaction, so a crash leaves the previous version. A
 * database of a newer version than this code knows is refused rather than guessed at. Never edit a released
 * migration: add one.
 */
final class Migrations {
    static final List<List<String>> ALL = List.of(
            List.of("""
                    CREATE TABLE tags (
                        id INTEGER PRIMARY KEY,
                        stream TEXT NOT NULL,
                        tag TEXT NOT NULL,
                        current_digest TEXT,
                        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
                        observed_digest TEXT,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (stream, tag))""", """
                    CREATE TABLE history (
                        id INTEGER PRIMARY KEY,
                        tag_id INTEGER NOT NULL REFERENCES tags (id),
                        digest TEXT NOT NULL,
                        first_seen INTEGER NOT NULL,
                        last_seen INTEGER NOT NULL,
                        seen_seq INTEGER NOT NULL,
                        verified_at INTEGER NOT NULL,
                        accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
                        verdict TEXT NOT NULL,
                        policy_digest TEXT NOT NULL,
                        UNIQUE (tag_id, digest))""", """
                    CREATE TABLE rollouts (
                        id INTEGER PRIMARY KEY,
                        history_id INTEGER NOT NULL REFERENCES history (id),
                        target TEXT NOT NULL,
                        result TEXT NOT NULL,
                        ref TEXT,
                        message TEXT,
                        time INTEGER NOT NULL)""", """
                    CREATE TABLE import_failures (
                        id INTEGER PRIMARY KEY,
                        tag_id INTEGER NOT NULL REFERENCES tags (id),
                        time INTEGER NOT NULL,
                        digest TEXT,
                        error TEXT NOT NULL)""",
                    "CREATE INDEX rollouts_by_history ON rollouts (history_id)",
                    "CREATE INDEX failures_by_tag ON import_failures (tag_id, id)"));

    private Migrations() {
    }

    /** The schema version this code writes. */
    static int latest() {
        return ALL.size();
    }

    /** The database's schema version. */
    static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA user_version")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    /**
     * Applies the next missing migration, inside the caller's transaction.
     *
     * @return false if the database was already at the latest version
     * @throws StoreException if the database is newer than this code
     */
    static boolean step(Connection connection, String database) throws SQLException, StoreException {
        int version = version(connection);
        if (version > latest()) {
            throw new StoreException(database + ": schema version " + version + " is newer than this vouch knows ("
                    + latest() + "); use a newer vouch");
        }
        if (version == latest()) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : ALL.get(version)) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = " + (version + 1));
        }
        return true;
    }
}
