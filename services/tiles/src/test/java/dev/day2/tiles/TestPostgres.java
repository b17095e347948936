package dev.day2.tiles;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky's embedded binaries) per test JVM on a free port; each caller gets a
 * fresh database owned by a role with a generated password.
 */
final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  started.close();
                } catch (IOException e) {
                  // the JVM is exiting
                }
              }));
    }
    return server;
  }

  /** A new empty database; the five DB_* settings a service needs to reach it. */
  static Map<String, String> newDatabase(String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    String password = UUID.randomUUID().toString();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
      s.execute("CREATE DATABASE " + name + " OWNER " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "DB_HOST", "127.0.0.1",
        "DB_PORT", Integer.toString(server().getPort()),
        "DB_NAME", name,
        "DB_USER", name,
        "DB_PASSWORD", password);
  }
}
