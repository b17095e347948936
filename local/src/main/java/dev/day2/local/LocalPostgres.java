package dev.day2.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL that {@code make run} starts: zonky's embedded PostgreSQL 15 binaries (a real
 * server, no install needed), data under the run directory. One server for every service that needs
 * one; each service gets its own database and role, both named after it, with a password made for
 * this run, and reaches them through the five {@code DB_*} variables (never a JDBC URL).
 *
 * <p>Host connections need the password (scram-sha-256) except for the {@code postgres} superuser
 * the runner itself uses, so a service with a wrong password fails here as in the cloud.
 */
final class LocalPostgres implements AutoCloseable {
  static final List<String> VARIABLES =
      List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");

  private static final String HBA =
      """
      # written by make run (LocalPostgres): the runner's superuser on loopback, everyone else
      # with a password
      local all all trust
      host all postgres 127.0.0.1/32 trust
      host all postgres ::1/128 trust
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  static LocalPostgres start(int port, Path dataDir, Path logDir, PrintStream console)
      throws IOException {
    if (Readiness.portInUse(port)) {
      throw new IllegalStateException(
          "port "
              + port
              + " is in use: set DB_HOST (with DB_PORT, DB_USER, DB_PASSWORD) to use that"
              + " PostgreSQL, or LOCAL_POSTGRES_PORT to start ours elsewhere");
    }
    Path dir = dataDir.resolve("postgres");
    Files.createDirectories(dir.getParent());
    Path log = logDir.resolve("postgres.log");
    Path walArchive = Files.createDirectories(walArchive(dataDir));
    console.println("starting PostgreSQL on port " + port + " (data in " + dir + ")");
    EmbeddedPostgres server =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dir)
            .setCleanDataDirectory(
                false) // KEEP_DATA=1 runs reuse it; otherwise Runner.stop removes it
            .setDataDirectoryCustomizer(d -> {
              writeHba(d.toPath());
              writeArchiving(d.toPath(), walArchive);
            })
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    wakeTheCheckpointer(server);
    return new LocalPostgres(server);
  }

  /**
   * PostgreSQL 15's checkpointer starts before the server is ready and sleeps a whole
   * checkpoint_timeout (5 min) before it first looks at archive_timeout; one reload wakes it, and
   * from then on a segment with a write is archived within 60 s (the same fix as the PostgreSQL
   * image's entrypoint, docs/disaster-recovery.md).
   */
  private static void wakeTheCheckpointer(EmbeddedPostgres server) throws IOException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("PostgreSQL started but did not take a reload", e);
    }
  }

  /**
   * Creates (or, on a kept data directory, updates) the role and database for {@code service};
   * returns the five variables the service needs.
   */
  Map<String, String> databaseFor(String service) {
    String name = databaseName(service);
    String password = newPassword();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      String verb =
          exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name) ? "ALTER" : "CREATE";
      s.execute(verb + " ROLE " + name + " LOGIN PASSWORD '" + password + "'");
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
        s.execute("CREATE DATABASE " + name + " OWNER " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the database for " + service, e);
    }
    return env("127.0.0.1", server.getPort(), name, name, password);
  }

  /** The variables for a service when the user brought their own PostgreSQL ({@code DB_HOST}). */
  static Map<String, String> external(Map<String, String> userEnv, String service) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String variable : VARIABLES) {
      String value = userEnv.get(variable);
      if (value != null) {
        env.put(variable, value);
      }
    }
    env.putIfAbsent("DB_NAME", databaseName(service));
    return env;
  }

  /** {@code preferences} → {@code preferences}; {@code wrpi-api} → {@code wrpi_api}. */
  static String databaseName(String service) {
    return service.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  static Map<String, String> env(String host, int port, String name, String user, String password) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_HOST", host);
    env.put("DB_PORT", Integer.toString(port));
    env.put("DB_NAME", name);
    env.put("DB_USER", user);
    env.put("DB_PASSWORD", password);
    return env;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("could not stop PostgreSQL: " + e.getMessage());
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes); // hex: nothing to quote in SQL
  }

  /** Where make run's PostgreSQL archives its WAL: {@code .run/wal-archive}. */
  static Path walArchive(Path dataDir) {
    return dataDir.resolve("wal-archive");
  }

  /**
   * Continuous WAL archiving, as every self-managed topology has: each completed WAL segment (one
   * at least every 60 s under writes) is copied out of the data directory. make run copies it into
   * the run directory; pgBackRest with an encrypted repository is deploy/backup, run by make drills
   * (docs/disaster-recovery.md).
   */
  private static void writeArchiving(Path dataDirectory, Path archive) {
    String settings =
        """
        # written by make run (LocalPostgres): continuous WAL archiving
        wal_level = replica
        archive_mode = on
        archive_command = 'test ! -f "%1$s/%%f" && cp "%%p" "%1$s/%%f"'
        archive_timeout = 60
        """
            .formatted(archive);
    String include = "include_if_exists = 'archiving.conf'";
    try {
      Files.writeString(dataDirectory.resolve("archiving.conf"), settings);
      Path conf = dataDirectory.resolve("postgresql.conf");
      String text = Files.readString(conf);
      if (!text.contains(include)) {
        Files.writeString(conf, text + "\n" + include + "\n");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void writeHba(Path dataDirectory) {
    try {
      Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
