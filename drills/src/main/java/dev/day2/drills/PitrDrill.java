package dev.day2.drills;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Point-in-time restore of preferences. Under write load (each write a new user's preference): a
 * full backup, more writes, a differential backup, more writes, then the disaster — the table is
 * dropped. The operator's steps follow docs/disaster-recovery.md: find the drop in the log, stop
 * PostgreSQL, {@code deploy/backup/pg-restore.sh '<that moment>'}, start it. Then every write
 * acknowledged before the drop must be there (RPO 0) and the service must answer again in under 5
 * minutes (RTO). Last, the repository goes off the machine with restic and comes back intact.
 */
final class PitrDrill {
  private static final DateTimeFormatter LOGGED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private PitrDrill() {}

  static Row run(Context c, Path work) throws IOException {
    Instant target;
    Instant restoreStart;
    Duration restoreTook;
    String backups;
    try (Load load = c.load(n -> write(c, n))) {
      c.settings().pause();
      backups = firstLine(c.postgres().backup("full"));
      c.settings().pause();
      backups += "; " + firstLine(c.postgres().backup("diff"));
      c.settings().pause();
      c.postgres().sql("preferences", "DROP TABLE preference"); // the disaster
      // The operator: find the moment in the log, stop, restore to it, start.
      String moment = c.postgres().dropTableMoment();
      target = LocalDateTime.parse(moment.substring(0, 23), LOGGED).toInstant(ZoneOffset.UTC);
      restoreStart = Instant.now();
      c.postgres().stop();
      c.postgres().restore(moment);
      c.postgres().start();
      restoreTook = Duration.between(restoreStart, Instant.now());
      Context.await(Duration.ofMinutes(5), () -> load.firstOkAfter(restoreStart).isPresent());
      c.settings().pause();
      load.close();
      // Answering again: the first acknowledged write after the restore began (every write
      // between the drop and then failed: the table was gone).
      Instant answering = load.firstOkAfter(restoreStart).orElse(Instant.now());
      List<Load.Outcome> acked =
          load.outcomes().stream().filter(o -> o.ok() && o.at().isBefore(target)).toList();
      Map<String, String> stored = stored(c);
      long lost =
          acked.stream().filter(o -> !expected(o.n()).equals(stored.get(user(o.n())))).count();
      Duration rto = Duration.between(target, answering);
      String offsite = offsite(c, work);
      long pushed =
          c.pushed("day2_backup_last_success_timestamp_seconds{").stream()
              .filter(l -> l.contains("store=\"postgres\""))
              .count();
      return new Row(
          "point-in-time restore",
          "DROP TABLE preference under write load",
          load.sent(),
          load.failed(),
          "%d of %d".formatted(lost, acked.size()),
          rto,
          "RPO 0, RTO < 5 min",
          lost == 0 && !acked.isEmpty() && rto.compareTo(Duration.ofMinutes(5)) < 0,
          lost > 0 || acked.isEmpty() || rto.compareTo(Duration.ofMinutes(5)) >= 0,
          ("restored to %s (the logged DROP); time = from the drop to the first acknowledged"
                  + " write after the restore; stop + restore + start (WAL replay) %s; %s; %d"
                  + " backup types in the Pushgateway; %s; failed = writes while the table was"
                  + " gone")
              .formatted(target, Row.seconds(restoreTook), backups, pushed, offsite));
    }
  }

  private static HttpRequest write(Context c, long n) {
    return c.direct("preferences", (int) (n % 2), "/v1/users/" + user(n) + "/preferences/analytics")
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + (n % 3 != 0) + "}"))
        .build();
  }

  static String user(long n) {
    return "drill-" + n;
  }

  static String expected(long n) {
    return n % 3 != 0 ? "t" : "f"; // as psql prints the boolean written
  }

  private static Map<String, String> stored(Context c) throws IOException {
    Map<String, String> rows = new HashMap<>();
    for (String line :
        c.postgres().sql("preferences", "SELECT user_id, enabled FROM preference").split("\n")) {
      String[] cols = line.split("\\|");
      if (cols.length == 2) {
        rows.put(cols[0], cols[1]);
      }
    }
    return rows;
  }

  /** deploy/backup/offsite.sh of the repository, then a restic restore compared file by file. */
  private static String offsite(Context c, Path work) throws IOException {
    Path restic = work.resolve("restic");
    Path restored = work.resolve("restic-restore");
    Map<String, String> env = new HashMap<>();
    env.put("RESTIC_REPOSITORY", restic.toString());
    env.put("RESTIC_PASSWORD", HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
    env.put("RESTIC_CACHE_DIR", work.resolve("restic-cache").toString());
    Instant start = Instant.now();
    Shell.run(
        env,
        c.stack().root().resolve("deploy/backup/offsite.sh").toString(),
        c.postgres().repository().toString(),
        "pgbackrest");
    Duration copy = Duration.between(start, Instant.now());
    Shell.run(env, "restic", "restore", "latest", "--target", restored.toString());
    Path copyRoot = restored.resolve(c.postgres().repository().toString().substring(1));
    Shell.run(Map.of(), "diff", "-r", c.postgres().repository().toString(), copyRoot.toString());
    long files;
    try (var walk = Files.walk(copyRoot)) {
      files = walk.filter(Files::isRegularFile).count();
    }
    return "restic off-machine copy %s, %d files restored identical"
        .formatted(Row.seconds(copy), files);
  }

  private static String firstLine(String output) {
    return output.strip().lines().reduce((a, b) -> b).orElse("").replace("backup: ", "");
  }
}
