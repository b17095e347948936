package dev.day2.drills;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kill -9} Redis under counter load, start it again on its data (AOF, appendfsync everysec)
 * and compare: the highest count a client was told before the crash against the count Redis came
 * back with. Goal: at most 1 s of acknowledged INCRs lost.
 */
final class RedisCrashDrill {
  private static final Pattern SEEN = Pattern.compile("seen (\\d+) times");

  private RedisCrashDrill() {}

  static Row run(Context c) throws IOException {
    try (Load load = c.load(n -> c.direct("counter", (int) (n % 2), "/").build())) {
      c.settings().pause();
      String snapshot = snapshotOffsite(c);
      Instant crashed = Instant.now();
      c.stack().killRedis();
      c.stack().startRedis();
      Context.await(Duration.ofSeconds(60), () -> load.firstOkAfter(crashed).isPresent());
      Duration recovered =
          Duration.between(crashed, load.firstOkAfter(crashed).orElse(Instant.now()));
      c.settings().pause();
      load.close();
      List<Load.Outcome> all = load.outcomes();
      long before = max(all, crashed);
      long afterFirst = minAfter(all, crashed).orElse(before + 1);
      long lost = Math.max(0, before - (afterFirst - 1));
      long lastSecond =
          all.stream()
              .filter(o ->
                  o.ok() && o.at().isBefore(crashed) && o.at().isAfter(crashed.minusSeconds(1)))
              .count();
      double lostSeconds = lastSecond == 0 ? 0 : (double) lost / lastSecond;
      Duration window = load.window(o -> !o.ok());
      long bad = Failures.notJson503(load);
      return new Row(
          "redis crash",
          "kill -9 redis-server under counter load, restarted on its AOF",
          load.sent(),
          load.failed(),
          "%d INCRs = %.2f s of writes".formatted(lost, lostSeconds),
          recovered,
          "loss <= 1 s of writes; 503 JSON while down",
          lostSeconds <= 1.0 && bad == 0,
          lostSeconds > 1.0,
          "count %d acknowledged before the crash, %d after restart; 503 window %s; %d answers not 503 JSON; %s; %s"
              .formatted(
                  before,
                  afterFirst - 1,
                  Row.seconds(window),
                  bad,
                  Failures.summary(load),
                  snapshot));
    }
  }

  /**
   * deploy/backup/redis-backup.sh under the load: BGSAVE, the RDB off the machine with restic, the
   * outcome pushed to the Pushgateway.
   */
  private static String snapshotOffsite(Context c) throws IOException {
    java.nio.file.Path run = c.stack().logDir().getParent();
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("REDIS_HOST", "127.0.0.1");
    env.put("REDIS_PORT", Integer.toString(c.stack().redisPort()));
    env.put("RESTIC_REPOSITORY", run.resolve("restic-redis").toString());
    env.put(
        "RESTIC_PASSWORD",
        java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16)));
    env.put("RESTIC_CACHE_DIR", run.resolve("restic-cache").toString());
    env.put("PUSHGATEWAY_URL", c.pushgateway());
    env.put("BACKUP_INSTANCE", "drills");
    Instant start = Instant.now();
    Shell.run(
        env,
        c.stack().root().resolve("deploy/backup/redis-backup.sh").toString(),
        c.stack().redisDir().toString());
    boolean pushed =
        c.pushed("day2_backup_last_success_timestamp_seconds{").stream()
            .anyMatch(l -> l.contains("store=\"redis\""));
    return "redis-backup.sh (BGSAVE + restic) under load %s, metrics %s"
        .formatted(
            Row.seconds(java.time.Duration.between(start, Instant.now())),
            pushed ? "pushed" : "NOT pushed");
  }

  private static long max(List<Load.Outcome> all, Instant before) {
    return all.stream()
        .filter(o -> o.ok() && o.at().isBefore(before))
        .mapToLong(RedisCrashDrill::count)
        .max()
        .orElse(0);
  }

  private static OptionalLong minAfter(List<Load.Outcome> all, Instant after) {
    return all.stream()
        .filter(o -> o.ok() && o.at().isAfter(after))
        .mapToLong(RedisCrashDrill::count)
        .min();
  }

  static long count(Load.Outcome o) {
    Matcher m = SEEN.matcher(o.body());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
