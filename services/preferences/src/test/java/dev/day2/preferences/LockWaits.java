package dev.day2.preferences;

import dev.day2.postgres.testing.TestPostgres;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that hold a lock on the preference table look at: how many of the service's
 * statements (either pool's) wait for a lock, and waiting for a condition with a deadline.
 */
final class LockWaits {
  private LockWaits() {}

  /** A condition the database is polled for. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  /**
   * The service's statements waiting for a lock now (its sessions: preferences, preferences-reads).
   */
  static long waitingForALock() throws Exception {
    return TestPostgres.queryLong(
        PostgresResource.database,
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND application_name LIKE 'preferences%'");
  }

  /** Returns once {@code check} holds; fails naming {@code what} after {@code limitMs}. */
  static void await(String what, long limitMs, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limitMs + " ms: " + what);
      }
      Thread.sleep(10);
    }
  }
}
