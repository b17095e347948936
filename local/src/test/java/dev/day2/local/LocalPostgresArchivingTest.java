package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.testing.process.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make run's PostgreSQL archives every completed WAL segment out of its data directory, and a
 * segment holding a write is closed and archived by archive_timeout (60 s) without anyone switching
 * it: PostgreSQL 15's checkpointer sleeps 5 min after start unless woken (LocalPostgres reloads it
 * once).
 */
class LocalPostgresArchivingTest {
  @Test
  void archivesACompletedWalSegmentIntoTheRunDirectory(@TempDir Path dir) throws Exception {
    int port = FreePorts.next();
    Path logs = Files.createDirectories(dir.resolve("logs"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (LocalPostgres postgres = LocalPostgres.start(port, dir.resolve("data"), logs, quiet);
        Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SHOW archive_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("on");
      }
      s.execute("CREATE TABLE t AS SELECT 1 AS x");
      Path archive = LocalPostgres.walArchive(dir.resolve("data"));
      String written = walFile(s, "pg_current_wal_lsn()");
      assertThat(awaitFile(archive.resolve(written), Duration.ofSeconds(90)))
          .as("archived by archive_timeout, not by a switch")
          .exists();

      s.execute("INSERT INTO t VALUES (2)");
      String switched = walFile(s, "pg_switch_wal()");
      assertThat(awaitFile(archive.resolve(switched), Duration.ofSeconds(30))).exists();
    }
  }

  /** The WAL file name of the location {@code lsn} (an SQL expression) returns. */
  private static String walFile(Statement s, String lsn) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT pg_walfile_name(" + lsn + ")")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Polls the archiver's output, not a fixed wait; returns the file for the assertion. */
  private static Path awaitFile(Path file, Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!Files.exists(file) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    return file;
  }
}
