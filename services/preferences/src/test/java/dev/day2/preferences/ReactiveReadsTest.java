package dev.day2.preferences;

import static dev.day2.preferences.LockWaits.await;
import static dev.day2.preferences.LockWaits.waitingForALock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.preferences.PreferenceStore.Key;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reactive reads (ADR 0141) against a real PostgreSQL: what JDBC's driver and pool did for the
 * reads before, done by {@link ReactiveReads} itself. A statement behind another session's lock is
 * bounded and then cancelled on the server (its connection free again while the lock is still
 * held); a statement cancelled by someone else is run again; connections the server dropped are
 * replaced without a failed read. The pool is the service's own (its {@code
 * DB_READ_POOL_MAX_SIZE}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class ReactiveReadsTest {
  private static final long WAIT_MS = 10_000;

  @Inject Pool pool;
  @Inject Vertx vertx;
  @Inject ReadBatcher batcher;

  @Test
  void theServiceReadsOnTheReactivePoolUnderItsOwnApplicationName() throws Exception {
    String user = userWithoutReadSessions();
    await("no reactive session left", WAIT_MS, () -> readsOnTheReactivePool() == 0);
    given()
        .get("/v1/users/{u}/preferences/ads", user)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));
    assertThat(readsOnTheReactivePool()).isEqualTo(1);
  }

  /**
   * The drills found it: with {@code ssl-mode=prefer} against a server without TLS, Vert.x' client
   * opened a second TCP connection for the plain-text session and left the declined one open, a
   * backend waiting 60 s (authentication_timeout) for a startup packet that never came, which held
   * a fast shutdown of PostgreSQL for those 60 s. Every client socket to the server must be a
   * session.
   */
  @Test
  void everyConnectionToTheServerIsASession() throws Exception {
    String user = userWithoutReadSessions();
    given().get("/v1/users/{u}/preferences/ads", user).then().statusCode(200); // a new connection
    try (var c = TestPostgres.connect(PostgresResource.database);
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*), current_setting('port')::int FROM pg_stat_activity"
                    + " WHERE client_port IS NOT NULL")) {
      rs.next();
      long sessions = rs.getLong(1);
      int port = rs.getInt(2);
      assertThat(ClientSockets.establishedTo(port))
          .as("client sockets to :%d", port)
          .isEqualTo(sessions);
    }
  }

  @Test
  void aStatementBehindALockTimesOutAndIsCancelledOnTheServer() throws Exception {
    String user = "rr-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":true}").then().statusCode(200);
    ReactiveReads reads = new ReactiveReads(pool, vertx, Duration.ofSeconds(1));

    TestPostgres.whileLocked(
        PostgresResource.database,
        "preference",
        () -> {
          CompletableFuture<Map<Key, Preference>> read =
              reads.read(List.of(new Key(user, "ads"))).toCompletableFuture();
          assertThatThrownBy(() -> read.get(WAIT_MS, TimeUnit.MILLISECONDS))
              .isInstanceOf(ExecutionException.class)
              .cause()
              .isInstanceOf(StoreUnavailable.class)
              .cause()
              .isInstanceOf(SQLTimeoutException.class);
          // the lock is still held: only the cancel request can have ended the wait
          await("the timed-out statement no longer waits", WAIT_MS, () -> waitingForALock() == 0);
        });
    assertThat(
            reads
                .read(List.of(new Key(user, "ads")))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS))
        .hasEntrySatisfying(new Key(user, "ads"), p -> assertThat(p.enabled()).isTrue());
  }

  @Test
  void aStatementCancelledBySomeoneElseIsRunAgain() throws Exception {
    assertRunAgainAfter("pg_cancel_backend");
  }

  @Test
  void aStatementWhoseConnectionTheServerDroppedIsRunAgainOnAnother() throws Exception {
    assertRunAgainAfter("pg_terminate_backend");
  }

  /**
   * A two-key read waits behind the lock; {@code function} is called on its session; it must wait
   * again (run again, on the same or another connection) and answer once the lock is gone.
   */
  private void assertRunAgainAfter(String function) throws Exception {
    String user = "rr-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":false}").then().statusCode(200);
    ReactiveReads reads = new ReactiveReads(pool, vertx, Duration.ofSeconds(20));
    CompletableFuture<Map<Key, Preference>> read = new CompletableFuture<>();

    TestPostgres.whileLocked(
        PostgresResource.database,
        "preference",
        () -> {
          reads
              .read(List.of(new Key(user, "ads"), new Key(user, "none")))
              .whenComplete((found, failure) -> {
                if (failure != null) {
                  read.completeExceptionally(failure);
                } else {
                  read.complete(found);
                }
              });
          await("the statement waits for the lock", WAIT_MS, () -> waitingForALock() == 1);
          long pid =
              TestPostgres.queryLong(
                  PostgresResource.database,
                  "SELECT pid FROM pg_stat_activity"
                      + " WHERE wait_event_type = 'Lock' AND application_name LIKE 'preferences%'");
          assertThat(
                  TestPostgres.queryLong(
                      PostgresResource.database, "SELECT count(" + function + "(" + pid + "))"))
              .isEqualTo(1);
          // run again: it waits for the lock anew, and nothing has answered the read
          await(
              "the statement waits again",
              WAIT_MS,
              () ->
                  read.isDone()
                      || waitingForALock() == 1 && (function.contains("cancel") || !alive(pid)));
          assertThat(read).as("%s", read.handle((a, b) -> b)).isNotDone();
        });
    assertThat(read.get(30, TimeUnit.SECONDS))
        .containsOnlyKeys(new Key(user, "ads"))
        .hasEntrySatisfying(new Key(user, "ads"), p -> assertThat(p.enabled()).isFalse());
  }

  private static boolean alive(long pid) throws Exception {
    return TestPostgres.queryLong(
            PostgresResource.database, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)
        > 0;
  }

  @Test
  void readsAnswerRightAfterTheServerDroppedEveryConnection() throws Exception {
    String user = "rr-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":true}").then().statusCode(200);
    for (int round = 1; round <= 3; round++) {
      given().get("/v1/users/{u}/preferences/ads", user).then().statusCode(200);
      assertThat(
              TestPostgres.queryLong(
                  PostgresResource.database,
                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      + " WHERE datname = current_database() AND pid <> pg_backend_pid()"))
          .as("sessions dropped in round %d", round)
          .isGreaterThanOrEqualTo(1);
      given()
          .get("/v1/users/{u}/preferences/ads", user)
          .then()
          .statusCode(200)
          .body("enabled", equalTo(true));
    }
  }

  @Test
  void onlyAGoneConnectionOrSomeoneElsesCancelIsWorthASecondStatement() {
    assertThat(ReactiveReads.isRetryable(ClosedConnectionException.INSTANCE, false)).isTrue();
    assertThat(ReactiveReads.isRetryable(new java.net.SocketException("reset"), false)).isTrue();
    assertThat(ReactiveReads.isRetryable(pgError("57P01"), false)).isTrue(); // terminated
    assertThat(ReactiveReads.isRetryable(pgError("08006"), false)).isTrue(); // connection failure
    assertThat(ReactiveReads.isRetryable(pgError("57014"), false)).isTrue(); // someone's cancel
    assertThat(ReactiveReads.isRetryable(pgError("57014"), true)).isFalse(); // our own timeout's
    assertThat(ReactiveReads.isRetryable(pgError("42P01"), false)).isFalse(); // no such table
    assertThat(ReactiveReads.isRetryable(new IllegalStateException("x"), false)).isFalse();
  }

  private static PgException pgError(String state) {
    return new PgException("test", "ERROR", state, "detail");
  }

  /** A user with one preference stored, and the read pool's sessions all terminated. */
  private static String userWithoutReadSessions() throws Exception {
    String user = "rr-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":true}").then().statusCode(200);
    TestPostgres.queryLong(
        PostgresResource.database,
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE application_name = 'preferences-reads'");
    return user;
  }

  /** The reactive pool's sessions whose last statement was the read of one preference. */
  private static long readsOnTheReactivePool() throws Exception {
    return TestPostgres.queryLong(
        PostgresResource.database,
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'preferences-reads'"
            + " AND query LIKE '%user_id = $1 AND purpose = $2%'");
  }
}
