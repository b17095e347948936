package dev.day2.drills;

import dev.day2.local.DrillStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make drills}: starts hello, counter, preferences and tiles (two replicas each) with Redis,
 * a PostgreSQL with WAL archiving to an encrypted pgBackRest repository, Varnish and the HAProxy
 * edge, on make run's ports plus {@code DRILLS_PORT_OFFSET} (default 500); then breaks them one
 * drill at a time under load and prints one row per drill. Exit 1 if a drill missed its goal.
 *
 * <p>{@code DRILLS=short} (CI) runs the same drills with less load and shorter phases.
 */
public final class Drills {
  static final List<String> SERVICES = List.of("hello", "counter", "preferences", "tiles");

  private Drills() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("day2.home", ".")).toAbsolutePath().normalize();
    Settings settings = Settings.of(System.getenv().getOrDefault("DRILLS", "full"));
    int offset = Integer.parseInt(System.getenv().getOrDefault("DRILLS_PORT_OFFSET", "500"));
    Path work = root.resolve("drills/target/work");
    deleteTree(work);
    Files.createDirectories(work);
    List<Row> rows = new ArrayList<>();
    Instant started = Instant.now();
    try (PrintStream processLog =
            new PrintStream(Files.newOutputStream(work.resolve("processes.log")), true);
        DrillStack stack =
            DrillStack.create(root, work.resolve("run"), offset, SERVICES, processLog)) {
      if (!stack.missingJars().isEmpty()) {
        System.err.println(
            "drills: build the services first (make build): missing " + stack.missingJars());
        System.exit(2);
      }
      stack.snapshotApps();
      // Under the temporary directory, not the checkout: the cluster belongs to the postgres
      // user, who may not be able to enter the checkout (CI clones under /root).
      Path postgresDir =
          Path.of(System.getProperty("java.io.tmpdir")).resolve("day2-drills-postgres-" + offset);
      deleteTree(postgresDir);
      PostgresCluster postgres = new PostgresCluster(root, postgresDir, 5432 + offset);
      try {
        Context c = start(stack, postgres, settings);
        System.out.printf("drills (%s): stack up in %s%n", settings.name(), since(started));
        rows.add(report(safely("replica loss", false, () -> ReplicaLossDrill.run(c))));
        rows.add(report(safely("edge reload", false, () -> EdgeReloadDrill.run(c))));
        rows.add(report(safely("cache restart", false, () -> VarnishRestartDrill.run(c))));
        rows.add(report(safely("redis crash", true, () -> RedisCrashDrill.run(c))));
        rows.add(report(safely("redis outage", false, () -> StoreOutageDrill.redis(c))));
        rows.add(report(safely("postgres outage", false, () -> StoreOutageDrill.postgres(c))));
        rows.add(report(safely("point-in-time restore", true, () -> PitrDrill.run(c, work))));
      } finally {
        postgres.stopQuietly();
      }
    }
    String table = Row.table(rows);
    String report =
        "# Drills, %s (%s mode, %s in all)%n%n%s%nProcess logs: %s%n"
            .formatted(
                started.truncatedTo(ChronoUnit.SECONDS),
                settings.name(),
                since(started),
                table,
                work.resolve("run/logs"));
    Files.writeString(root.resolve("drills/target/report.md"), report);
    System.out.println();
    System.out.println(table);
    System.out.println("report: drills/target/report.md");
    boolean allMet = rows.stream().allMatch(Row::met);
    boolean failed = rows.stream().anyMatch(settings::failsOn);
    System.out.println(
        allMet
            ? "drills: every goal met"
            : failed
                ? "drills: a goal was MISSED"
                : "drills: a goal was missed, none about data (not fatal in the short run)");
    System.exit(failed ? 1 : 0);
  }

  private static Context start(DrillStack stack, PostgresCluster postgres, Settings settings)
      throws IOException {
    Jwt jwt = new Jwt();
    String pushgateway = stack.startPushgateway();
    postgres.initAndStart();
    postgres.pushMetricsTo(pushgateway);
    Map<String, Map<String, String>> env = new HashMap<>();
    env.put("hello", Map.of());
    env.put("counter", redisEnv(stack));
    Map<String, String> preferences = new HashMap<>(postgres.databaseFor("preferences"));
    preferences.putAll(jwt.serviceEnv(stack.logDir().getParent()));
    // Migrate once, as the pipeline does, with time to connect on a busy machine; the replicas
    // then start without migrating (their 3 s pool timeout stays, as in production).
    Map<String, String> migrate = new HashMap<>(preferences);
    migrate.put("DB_ACQUISITION_TIMEOUT", "60S");
    stack.runOnce("preferences", List.of("migrate"), migrate);
    preferences.put("DB_MIGRATE_AT_START", "false");
    env.put("preferences", preferences);
    env.put("tiles", postgres.databaseFor("tiles"));
    stack.seedTiles(env.get("tiles")); // the seed job, before the tiles replicas start
    stack.startRedis();
    for (String service : SERVICES) {
      for (int replica = 0; replica < stack.replicas(service); replica++) {
        stack.startReplica(service, replica, env.get(service));
      }
    }
    stack.startVarnish();
    stack.startEdge();
    return new Context(stack, postgres, Http.client(), jwt.token(), settings, pushgateway);
  }

  private static Map<String, String> redisEnv(DrillStack stack) {
    return Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(stack.redisPort()));
  }

  /** A drill that throws is a missed row (its data goal too, for the data drills), not the end. */
  private static Row safely(
      String drill, boolean dataDrill, java.util.concurrent.Callable<Row> run) {
    try {
      return run.call();
    } catch (Exception e) {
      return new Row(
          drill,
          "the drill itself failed",
          0,
          0,
          "-",
          Duration.ZERO,
          "the drill completes",
          false,
          dataDrill,
          e.toString().replace('|', '/').replace('\n', ' '));
    }
  }

  private static Row report(Row row) {
    System.out.println(row.markdown());
    return row;
  }

  private static String since(Instant start) {
    return Row.seconds(Duration.between(start, Instant.now()));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
