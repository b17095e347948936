package dev.day2.preferences;

import dev.day2.preferences.PreferenceStore.Key;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ReadBatcher}'s statements on Vert.x' reactive PostgreSQL client (ADR 0141): the same two
 * statements as {@link PreferenceStore#findAll} (one key, or up to {@link ReadBatcher#MAX_BATCH} in
 * padded arrays), prepared once per connection, answered on the connection's event loop. The
 * batching is what ADR 0122 bought; this client saves the virtual thread, its carrier and the JDBC
 * socket's poller that each woke once per statement (bench/README.md: a quarter of the JVM's CPU
 * and a third of PostgreSQL's per read).
 *
 * <p>What the JDBC path had from its driver and pool is done here:
 *
 * <ul>
 *   <li>The bound: the client has no statement timeout, so each statement has a timer of {@code
 *       DB_QUERY_TIMEOUT}, borrowing a connection included. Past it the reads answer 503 and the
 *       server is asked to cancel the statement (PostgreSQL's cancel request, what JDBC's query
 *       timeout sends), so a statement behind a lock gives its connection back when the lock is not
 *       released; the next batch borrows another meanwhile.
 *   <li>A dropped connection (a restart, a failover, {@code pg_terminate_backend}): a statement
 *       that fails because its pooled connection is gone is run again on another, within the same
 *       bound; failing to open a new connection answers 503 at once. So is a statement cancelled by
 *       anyone but its own timer (an operator's {@code pg_cancel_backend}, or a cancel that arrived
 *       after its statement had answered): reads are idempotent.
 * </ul>
 */
final class ReactiveReads implements ReadBatcher.Reader {
  private static final String FIND =
      "SELECT enabled, updated_at FROM preference WHERE user_id = $1 AND purpose = $2";
  private static final String FIND_MANY =
      """
      SELECT p.user_id, p.purpose, p.enabled, p.updated_at
      FROM unnest($1::varchar[], $2::varchar[]) AS k(user_id, purpose)
      JOIN preference p USING (user_id, purpose)\
      """;

  /** At most this many statements per batch: a first and the retries on dropped connections. */
  static final int MAX_ATTEMPTS = 8;

  private static final String CANCELLED = "57014";

  private final Pool pool;
  private final Vertx vertx;
  private final long timeoutMillis;

  ReactiveReads(Pool pool, Vertx vertx, Duration queryTimeout) {
    this.pool = pool;
    this.vertx = vertx;
    this.timeoutMillis = Math.max(1, queryTimeout.toMillis());
  }

  @Override
  public CompletionStage<Map<Key, Preference>> read(List<Key> keys) {
    Statement statement = new Statement(keys);
    long timer = vertx.setTimer(timeoutMillis, id -> statement.timeOut());
    statement.answer.whenComplete((found, failure) -> vertx.cancelTimer(timer));
    statement.run(1);
    return statement.answer;
  }

  /** One batch's statement, from borrowing a connection to its answer. */
  private final class Statement {
    private final List<Key> keys;
    private final CompletableFuture<Map<Key, Preference>> answer = new CompletableFuture<>();

    /** The connection running the statement now, if any: the one a timeout cancels. */
    private volatile SqlConnection running;

    private volatile boolean timedOut;

    Statement(List<Key> keys) {
      this.keys = keys;
    }

    void run(int attempt) {
      pool.getConnection()
          .onComplete(borrowed -> {
            if (borrowed.failed()) {
              unavailable(borrowed.cause());
              return;
            }
            SqlConnection connection = borrowed.result();
            if (answer.isDone()) { // timed out while waiting for the connection
              connection.close();
              return;
            }
            running = connection;
            query(connection)
                .onComplete(done -> {
                  running = null;
                  connection.close(); // back to the pool
                  if (done.succeeded()) {
                    answer(done.result());
                  } else if (!answer.isDone()
                      && attempt < MAX_ATTEMPTS
                      && isRetryable(done.cause(), timedOut)) {
                    // after the pool has seen the close: retried at once, it lends the same one
                    vertx.runOnContext(next -> run(attempt + 1));
                  } else {
                    unavailable(done.cause());
                  }
                });
          });
    }

    private io.vertx.core.Future<RowSet<Row>> query(SqlConnection connection) {
      if (keys.size() == 1) {
        Key key = keys.getFirst();
        return connection.preparedQuery(FIND).execute(Tuple.of(key.userId(), key.purpose()));
      }
      return connection
          .preparedQuery(FIND_MANY)
          .execute(
              Tuple.tuple()
                  .addArrayOfString(PreferenceStore.padded(keys, Key::userId))
                  .addArrayOfString(PreferenceStore.padded(keys, Key::purpose)));
    }

    private void answer(RowSet<Row> rows) {
      Map<Key, Preference> found = new HashMap<>();
      try {
        if (keys.size() == 1) {
          Key key = keys.getFirst();
          for (Row row : rows) {
            found.put(key, preference(key.userId(), key.purpose(), row, 0));
          }
        } else {
          for (Row row : rows) {
            Preference p = preference(row.getString(0), row.getString(1), row, 2);
            found.put(new Key(p.userId(), p.purpose()), p);
          }
        }
      } catch (RuntimeException e) {
        answer.completeExceptionally(e); // not the database's fault: a 500, as on JDBC
        return;
      }
      answer.complete(found);
    }

    private void unavailable(Throwable cause) {
      answer.completeExceptionally(new StoreUnavailable("find", cause));
    }

    void timeOut() {
      timedOut = true;
      if (answer.completeExceptionally(
          new StoreUnavailable(
              "find",
              new SQLTimeoutException(
                  "no answer within DB_QUERY_TIMEOUT (" + timeoutMillis + " ms)")))) {
        SqlConnection connection = running;
        if (connection instanceof PgConnection pg) {
          pg.cancelRequest(); // its own failure is the statement's: it answers or stays bounded
        }
      }
    }
  }

  private static Preference preference(String userId, String purpose, Row row, int first) {
    return new Preference(
        userId, purpose, row.getBoolean(first), row.getOffsetDateTime(first + 1).toInstant());
  }

  /**
   * A statement worth running again on another connection: its connection was closed or reset under
   * it, the server said the connection is gone (SQLSTATE class 08, or 57P0x: shut down or
   * terminated), or it was cancelled by something other than its own timer.
   */
  static boolean isRetryable(Throwable failure, boolean timedOut) {
    if (failure instanceof ClosedConnectionException || failure instanceof IOException) {
      return true; // closed under it, or reset by the server before its last message was read
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String state = pg.getSqlState();
      return state.startsWith("08")
          || state.startsWith("57P")
          || (state.equals(CANCELLED) && !timedOut);
    }
    return false;
  }
}
