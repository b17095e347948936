package dev.day2.preferences;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code preference} table and its history, {@code preference_event}: one statement per
 * operation, each its own transaction, but erasure: two statements in one.
 */
@Singleton
class PreferenceStore {
  private static final String LIST =
      "SELECT purpose, enabled, updated_at FROM preference WHERE user_id = ? ORDER BY purpose";
  private static final String FIND =
      "SELECT enabled, updated_at FROM preference WHERE user_id = ? AND purpose = ?";
  // Up to ReadBatcher.MAX_BATCH keys in one statement: an index lookup per key.
  private static final String FIND_MANY =
      """
      SELECT p.user_id, p.purpose, p.enabled, p.updated_at
      FROM unnest(?::varchar[], ?::varchar[]) AS k(user_id, purpose)
      JOIN preference p USING (user_id, purpose)\
      """;
  // One atomic statement, so concurrent PUTs of the same key leave one row. Re-sending the same
  // value keeps updated_at: it is when the consent last changed, not when it was last sent.
  // Every write names its caller for the history the table's trigger records (V2, ADR 0137):
  // set_config(..., true) lasts the statement's own transaction, so a pooled connection carries
  // nothing to the next request.
  private static final String UPSERT =
      """
      INSERT INTO preference AS p (user_id, purpose, enabled, updated_at)
      SELECT ?, ?, ?, ? FROM (SELECT set_config('preferences.actor', ?, true)) AS actor
      ON CONFLICT (user_id, purpose) DO UPDATE SET
        enabled = EXCLUDED.enabled,
        updated_at = CASE WHEN p.enabled = EXCLUDED.enabled THEN p.updated_at
                          ELSE EXCLUDED.updated_at END
      RETURNING enabled, updated_at\
      """;
  private static final String DELETE =
      """
      DELETE FROM preference USING (SELECT set_config('preferences.actor', ?, true)) AS actor
      WHERE user_id = ? AND purpose = ?\
      """;
  private static final String DELETE_ALL = "DELETE FROM preference WHERE user_id = ?";
  private static final String DELETE_HISTORY = "DELETE FROM preference_event WHERE user_id = ?";
  private static final String HISTORY =
      """
      SELECT purpose, enabled, changed_at, changed_by FROM preference_event
      WHERE user_id = ? AND (?::varchar IS NULL OR purpose = ?) ORDER BY id\
      """;

  /** More than any pool here holds: each retry consumes one dead pooled connection. */
  private static final int MAX_DEAD_CONNECTIONS = 32;

  private final AgroalDataSource dataSource;
  private final int queryTimeoutSeconds;

  /** One statement on a connection from the pool. */
  @FunctionalInterface
  interface Statement<T> {
    T run(Connection connection) throws SQLException;
  }

  PreferenceStore(
      AgroalDataSource dataSource,
      @ConfigProperty(name = "preferences.query-timeout") Duration queryTimeout) {
    this.dataSource = dataSource;
    this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
  }

  /**
   * A statement bounded by {@code DB_QUERY_TIMEOUT}: PostgreSQL waits on a row or table lock for as
   * long as the lock is held, so without a bound a request behind a stuck transaction or a long
   * migration waits with it. Past the bound the driver cancels the statement (SQLSTATE 57014, not a
   * connection failure: no retry, the connection stays usable) and the request answers 503.
   */
  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    s.setQueryTimeout(queryTimeoutSeconds);
    return s;
  }

  List<Preference> list(String userId) {
    return call(
        "list",
        c -> {
          try (PreparedStatement s = prepare(c, LIST)) {
            s.setString(1, userId);
            List<Preference> all = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                all.add(new Preference(userId, rs.getString(1), rs.getBoolean(2), instant(rs, 3)));
              }
            }
            return all;
          }
        });
  }

  Optional<Preference> find(String userId, String purpose) {
    return call(
        "find",
        c -> {
          try (PreparedStatement s = prepare(c, FIND)) {
            s.setString(1, userId);
            s.setString(2, purpose);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Preference(userId, purpose, rs.getBoolean(1), instant(rs, 2)))
                  : Optional.empty();
            }
          }
        });
  }

  /** One preference's key. */
  record Key(String userId, String purpose) {}

  /**
   * The preferences stored under {@code keys} (at most {@link ReadBatcher#MAX_BATCH}), by key; a
   * key with none is absent. One key is the single-row statement; more are one statement whose
   * arrays are padded with NULLs (which match nothing) to {@code MAX_BATCH}: PostgreSQL would
   * otherwise plan it afresh on every execution (its estimate of an array's rows follows the
   * array's length, so a short one always looks cheaper to plan anew than the cached plan), 52 µs
   * of planning for a 20 µs read (pg_stat_statements, bench/README.md).
   */
  Map<Key, Preference> findAll(List<Key> keys) {
    if (keys.size() == 1) {
      Key key = keys.getFirst();
      return find(key.userId(), key.purpose()).map(found -> Map.of(key, found)).orElseGet(Map::of);
    }
    String[] users = padded(keys, Key::userId);
    String[] purposes = padded(keys, Key::purpose);
    return call(
        "find",
        c -> {
          try (PreparedStatement s = prepare(c, FIND_MANY)) {
            s.setArray(1, c.createArrayOf("varchar", users));
            s.setArray(2, c.createArrayOf("varchar", purposes));
            Map<Key, Preference> found = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                Preference p =
                    new Preference(
                        rs.getString(1), rs.getString(2), rs.getBoolean(3), instant(rs, 4));
                found.put(new Key(p.userId(), p.purpose()), p);
              }
            }
            return found;
          }
        });
  }

  /**
   * One column of {@code keys} for the batch statement, padded with NULLs to {@link
   * ReadBatcher#MAX_BATCH} so PostgreSQL keeps one plan for every batch ({@link #findAll}).
   */
  static String[] padded(List<Key> keys, Function<Key, String> column) {
    String[] values = new String[Math.max(keys.size(), ReadBatcher.MAX_BATCH)];
    for (int i = 0; i < keys.size(); i++) {
      values[i] = column.apply(keys.get(i));
    }
    return values;
  }

  /** Sets the preference for {@code actor} (who asked: the history's {@code changed_by}). */
  Preference upsert(String userId, String purpose, boolean enabled, Instant now, String actor) {
    return call(
        "upsert",
        c -> {
          try (PreparedStatement s = prepare(c, UPSERT)) {
            s.setString(1, userId);
            s.setString(2, purpose);
            s.setBoolean(3, enabled);
            s.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setString(5, actor);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return new Preference(userId, purpose, rs.getBoolean(1), instant(rs, 2));
            }
          }
        });
  }

  /** Deletes the preference for {@code actor}; true when there was one. */
  boolean delete(String userId, String purpose, String actor) {
    return call(
        "delete",
        c -> {
          try (PreparedStatement s = prepare(c, DELETE)) {
            s.setString(1, actor);
            s.setString(2, userId);
            s.setString(3, purpose);
            return s.executeUpdate() > 0;
          }
        });
  }

  /**
   * Erases the user (the right to erasure): every preference and the whole history, in one
   * transaction (all or none), the removals the history's trigger records included; the number of
   * preferences deleted.
   */
  int deleteAll(String userId) {
    return call(
        "delete all",
        c -> {
          c.setAutoCommit(false);
          boolean committed = false;
          try (PreparedStatement preferences = prepare(c, DELETE_ALL);
              PreparedStatement history = prepare(c, DELETE_HISTORY)) {
            preferences.setString(1, userId);
            int deleted = preferences.executeUpdate();
            history.setString(1, userId);
            history.executeUpdate();
            c.commit();
            committed = true;
            return deleted;
          } finally {
            // the pool gets its connection back as it lent it: no open transaction, autocommit on
            // (on a dead connection these throw too, a connection failure that call() retries)
            if (!committed) {
              c.rollback();
            }
            c.setAutoCommit(true);
          }
        });
  }

  /**
   * The user's recorded changes, oldest first: of one purpose, or of every purpose when {@code
   * purpose} is null.
   */
  List<PreferenceEvent> history(String userId, String purpose) {
    return call(
        "history",
        c -> {
          try (PreparedStatement s = prepare(c, HISTORY)) {
            s.setString(1, userId);
            s.setString(2, purpose);
            s.setString(3, purpose);
            List<PreferenceEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                boolean enabled = rs.getBoolean(2);
                Boolean left = rs.wasNull() ? null : enabled; // null: the preference was removed
                events.add(
                    new PreferenceEvent(
                        userId, rs.getString(1), left, instant(rs, 3), rs.getString(4)));
              }
            }
            return events;
          }
        });
  }

  /**
   * Runs {@code statement}. A pooled connection the server has dropped (SQLSTATE class 08, or
   * 57P0x: the server shut down or terminated it, e.g. a database restart or failover) is given
   * back and the pool flushed of every invalid idle connection, then the statement is retried on
   * another, until a live or new connection answers. Safe because every operation here is
   * idempotent; bounded because only connections that were already pooled are retried: failing to
   * open a new connection answers 503 at once.
   *
   * <p>Never {@link Connection#abort} a pooled connection: Agroal's wrapper then drops the physical
   * connection but never returns its slot, so each restart would shrink the pool for good (the
   * drills' restore found a pool of none; {@code PoolRecoveryTest}).
   */
  <T> T call(String operation, Statement<T> statement) {
    for (int attempt = 1; ; attempt++) {
      Connection c;
      try {
        c = dataSource.getConnection();
      } catch (SQLException e) {
        throw new StoreUnavailable(operation, e);
      }
      // Not try-with-resources: a dead connection must be back in the pool before the flush that
      // removes it, and before the retry borrows another.
      boolean dead = false;
      try {
        return statement.run(c);
      } catch (SQLException e) {
        if (attempt <= MAX_DEAD_CONNECTIONS && isConnectionFailure(e)) {
          dead = true;
          continue;
        }
        throw new StoreUnavailable(operation, e);
      } finally {
        close(c);
        if (dead) {
          // validates every idle connection and destroys the dead ones (this one among them), so
          // the retry gets a live or a new connection and the pool keeps all of its slots
          dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        }
      }
    }
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // the statement's outcome stands; the pool's validation removes a connection it cannot reuse
    }
  }

  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
