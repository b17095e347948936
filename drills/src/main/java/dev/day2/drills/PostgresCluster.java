package dev.day2.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server with continuous WAL archiving to a pgBackRest repository, run by the drills.
 * It is Debian's PostgreSQL 15 (what compose and the k8s component run, and what Debian 12's
 * pgBackRest 2.45 supports: it refuses PostgreSQL 17 with "unexpected control version"); everything
 * about backups goes through deploy/backup/*.sh, the scripts the runbooks name.
 */
final class PostgresCluster {
  private static final Pattern DROP_LOGGED =
      Pattern.compile(
          "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (\\w+) .*statement: DROP TABLE");

  private final Path root;
  private final Path dir;
  private final int port;
  private final Path bin;
  private final Map<String, String> backupEnv = new LinkedHashMap<>();

  PostgresCluster(Path root, Path dir, int port) throws IOException {
    this.root = root;
    this.dir = dir;
    this.port = port;
    this.bin = binDirectory();
    String cipherPass = HexFormat.of().formatHex(random(24)); // made for this run, never stored
    // The config is installed beside the cluster, as a host installs it in /etc/pgbackrest: the
    // postgres user must read it (archive_command) and may not be able to enter the checkout.
    Files.createDirectories(dir);
    Path config =
        Files.copy(
            root.resolve("deploy/backup/pgbackrest.conf"),
            dir.resolve("pgbackrest.conf"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    backupEnv.put("PGBACKREST_CONFIG", config.toString());
    backupEnv.put("PGBACKREST_STANZA", "day2");
    backupEnv.put("PGBACKREST_PG1_PATH", data().toString());
    backupEnv.put("PGBACKREST_PG1_PORT", Integer.toString(port));
    backupEnv.put("PGBACKREST_PG1_SOCKET_PATH", dir.toString());
    backupEnv.put("PGBACKREST_REPO1_PATH", repository().toString());
    backupEnv.put("PGBACKREST_REPO1_CIPHER_PASS", cipherPass);
    backupEnv.put("PGBACKREST_LOG_PATH", dir.resolve("pgbackrest-log").toString());
    backupEnv.put("PGBACKREST_LOCK_PATH", dir.resolve("pgbackrest-lock").toString());
    backupEnv.put("PGBACKREST_SPOOL_PATH", dir.resolve("pgbackrest-spool").toString());
  }

  Path data() {
    return dir.resolve("data");
  }

  Path repository() {
    return dir.resolve("repository");
  }

  Path log() {
    return dir.resolve("postgres.log");
  }

  int port() {
    return port;
  }

  /** initdb, archiving on, start, then the pgBackRest stanza (deploy/backup/pg-backup.sh init). */
  void initAndStart() throws IOException {
    for (String sub :
        List.of("pgbackrest-log", "pgbackrest-lock", "pgbackrest-spool", "repository")) {
      Files.createDirectories(dir.resolve(sub));
    }
    chownToPostgres(dir);
    Shell.run(
        Map.of(),
        Shell.asPostgres(
            List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data().toString(),
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256")));
    Files.writeString(
        data().resolve("pg_hba.conf"),
        """
        local all all trust
        host all postgres 127.0.0.1/32 trust
        host all all 127.0.0.1/32 scram-sha-256
        """);
    // archive_command runs pgBackRest with the PGBACKREST_* variables PostgreSQL was started with.
    // The log names every DDL statement with a millisecond timestamp: that is how an operator
    // finds the moment of a "DROP TABLE" to restore to.
    Files.writeString(
        data().resolve("postgresql.conf"),
        """
        port = %d
        listen_addresses = '127.0.0.1'
        unix_socket_directories = '%s'
        wal_level = replica
        archive_mode = on
        archive_command = 'pgbackrest archive-push %%p'
        archive_timeout = 60
        log_timezone = 'UTC'
        log_line_prefix = '%%m [%%p] '
        log_statement = 'ddl'
        """
            .formatted(port, dir),
        java.nio.file.StandardOpenOption.APPEND);
    chownToPostgres(dir);
    start();
    Shell.run(backupEnv, root.resolve("deploy/backup/pg-backup.sh").toString(), "init");
  }

  void start() throws IOException {
    Shell.run(
        backupEnv,
        Shell.asPostgres(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data().toString(),
                "-l",
                log().toString(),
                "-w",
                "-t",
                "300",
                "start")));
    // PostgreSQL 15's checkpointer sleeps a whole checkpoint_timeout before it first honours
    // archive_timeout; one reload wakes it (as the image's entrypoint does).
    Shell.run(
        backupEnv,
        Shell.asPostgres(
            List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "reload")));
  }

  void stop() throws IOException {
    Shell.run(
        Map.of(),
        Shell.asPostgres(
            List.of(
                bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "stop")));
  }

  void stopQuietly() {
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        stop();
      }
    } catch (IOException e) {
      System.err.println("drills: could not stop PostgreSQL: " + e.getMessage());
    }
  }

  /** deploy/backup/pg-backup.sh full|diff. */
  String backup(String type) throws IOException {
    return Shell.run(backupEnv, root.resolve("deploy/backup/pg-backup.sh").toString(), type);
  }

  /** deploy/backup/pg-restore.sh TARGET (PostgreSQL stopped). */
  String restore(String target) throws IOException {
    return Shell.run(backupEnv, root.resolve("deploy/backup/pg-restore.sh").toString(), target);
  }

  /** One SQL statement as the superuser; the rows, one a line, columns separated by '|'. */
  String sql(String database, String statement) throws IOException {
    return Shell.run(
        Map.of(),
        Shell.asPostgres(
            List.of(
                "psql",
                "-h",
                dir.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-Atc",
                statement)));
  }

  /** A role and a database named {@code name}, and the five DB_* variables a service needs. */
  Map<String, String> databaseFor(String name) throws IOException {
    String password = HexFormat.of().formatHex(random(18));
    sql("postgres", "CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
    sql("postgres", "CREATE DATABASE " + name + " OWNER " + name);
    return Map.of(
        "DB_HOST", "127.0.0.1",
        "DB_PORT", Integer.toString(port),
        "DB_NAME", name,
        "DB_USER", name,
        "DB_PASSWORD", password);
  }

  /**
   * The moment the log shows a {@code DROP TABLE} starting, as pgBackRest's {@code --target}
   * ({@code 2026-11-30 10:42:07.123+00}): restoring to it replays every commit before the drop.
   */
  String dropTableMoment() throws IOException {
    return dropTableMoment(Files.readAllLines(log()));
  }

  static String dropTableMoment(List<String> logLines) {
    for (String line : logLines) {
      Matcher m = DROP_LOGGED.matcher(line);
      if (m.find()) {
        String zone = m.group(2).equals("UTC") ? "+00" : " " + m.group(2);
        return m.group(1) + zone;
      }
    }
    throw new IllegalStateException("no DROP TABLE in the PostgreSQL log");
  }

  /** The backup scripts push their outcome to this Pushgateway from now on. */
  void pushMetricsTo(String pushgatewayUrl) {
    backupEnv.put("PUSHGATEWAY_URL", pushgatewayUrl);
    backupEnv.put("BACKUP_INSTANCE", "drills");
  }

  Map<String, String> backupEnv() {
    return Map.copyOf(backupEnv);
  }

  private static Path binDirectory() {
    for (String version : List.of("15", "16")) {
      Path candidate = Path.of("/usr/lib/postgresql", version, "bin");
      if (Files.isExecutable(candidate.resolve("pg_ctl"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no Debian PostgreSQL 15 under /usr/lib/postgresql: run `make tools`");
  }

  private static void chownToPostgres(Path path) throws IOException {
    if ("root".equals(System.getProperty("user.name"))) {
      Shell.run(Map.of(), "chown", "-R", "postgres:postgres", path.toString());
    }
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
