package dev.day2.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky's embedded binaries, version 17) per test JVM, on a free port, stopped
 * when the JVM exits; each caller gets a fresh, empty database of its own, owned by a role with a
 * generated password. Used by every module whose code talks SQL (preferences, its Lambda, tiles).
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start(); // port 0 → zonky picks a free one
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
    }
    return server;
  }

  /**
   * A new empty database; returns the five DB_* settings (DB_HOST, DB_PORT, DB_NAME, DB_USER,
   * DB_PASSWORD) a service needs to reach it. The name is {@code prefix_N}, unique in this JVM.
   */
  public static Map<String, String> newDatabase(String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    String password = UUID.randomUUID().toString();
    execute(
        "CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'",
        "CREATE DATABASE " + name + " OWNER " + name);
    return Map.of(
        "DB_HOST", "127.0.0.1",
        "DB_PORT", Integer.toString(server().getPort()),
        "DB_NAME", name,
        "DB_USER", name,
        "DB_PASSWORD", password);
  }

  /** Runs statements as the superuser in the {@code postgres} database. */
  public static void execute(String... sql) {
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What to run while a table is locked. */
  @FunctionalInterface
  public interface WhileLocked {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} while another session holds an {@code ACCESS EXCLUSIVE} lock on {@code table}
   * in {@code database}: every statement that touches the table waits, as it does behind a long
   * migration or a stuck transaction — a store that stops answering, for real. The lock is released
   * when {@code body} returns or throws.
   */
  public static void whileLocked(String database, String table, WhileLocked body) throws Exception {
    try (Connection locker = connect(database);
        Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE \"" + table.replace("\"", "\"\"") + "\" IN ACCESS EXCLUSIVE MODE");
      try {
        body.run();
      } finally {
        locker.rollback();
      }
    }
  }

  /**
   * The first column of the first row of {@code query}, run as the superuser in {@code database}: a
   * count behind the service's back (e.g. its sessions or its statements waiting for a lock).
   */
  public static long queryLong(String database, String query) throws SQLException {
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      if (!rs.next()) {
        throw new SQLException("no row from: " + query);
      }
      return rs.getLong(1);
    }
  }

  /** A superuser connection to {@code database}. */
  public static Connection connect(String database) throws SQLException {
    return server().getDatabase("postgres", database).getConnection();
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException e) {
      // the JVM is exiting
    }
  }
}
