/**
 * The state of followed tags ({@link dev.vouch.store.StateStore}): current digest and pin, the history of digests
 * with their verdicts and rollouts, failed imports; kept in SQLite by {@link dev.vouch.store.SqliteStateStore}.
 */
package dev.vouch.store;
