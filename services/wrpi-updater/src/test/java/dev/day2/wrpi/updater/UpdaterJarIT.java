package dev.day2.wrpi.updater;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
import dev.day2.testing.process.TestProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as a CronJob or {@code make run} runs it: exit codes and their one-line reasons,
 * concurrent runs, and loop mode riding out a Redis outage until SIGTERM.
 */
class UpdaterJarIT {
  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  static final Duration EXIT_PATIENCE = Duration.ofSeconds(60);

  /** The packaged job, output collected; the developer's REDIS_* and PUSHGATEWAY_* left out. */
  private static TestProcess jar(Map<String, String> env, String... args) {
    return TestProcess.startJar(
        "wrpi-updater", JAR, List.of(args), env, null, List.of("REDIS_", "PUSHGATEWAY_"));
  }

  /** A job: the package carries no REST or HTTP server stack (libs/redis-support, ADR 0098). */
  @Test
  void thePackagedJobCarriesNoHttpStack() throws Exception {
    try (var jars = java.nio.file.Files.list(JAR.resolveSibling("lib/main"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()).toList())
          .contains("dev.day2.redis-support-0.1.0-SNAPSHOT.jar")
          .noneMatch(name ->
              name.startsWith("io.quarkus.quarkus-rest")
                  || name.startsWith("io.quarkus.quarkus-vertx-http")
                  || name.startsWith("io.quarkus.quarkus-micrometer")
                  || name.startsWith("dev.day2.service-common")
                  || name.startsWith("dev.day2.redis-rest"));
    }
  }

  @Test
  void storesAReadingInDatabaseOneAndExitsZero() throws Exception {
    try (RedisServer redis = RedisServer.startNew();
        TestProcess updater = jar(env(redis))) {
      assertThat(updater.exitCode(EXIT_PATIENCE)).as("%s", updater.lines()).isZero();
      assertThat(redis.callInDb(1, "EXISTS", "wrpi-latest", "wrpi-timestamp")).isEqualTo(2L);
      assertThat(updater.lines())
          .anyMatch(line -> line.contains("\"message\":\"stored wrpi-latest="));
    }
  }

  @Test
  void nonNumericPortIsOneLineAndExitCodeTwo() throws Exception {
    try (TestProcess updater = jar(Map.of("REDIS_PORT", "six"))) {
      assertThat(updater.exitCode(EXIT_PATIENCE)).isEqualTo(2);
      assertThat(updater.lines())
          .containsExactly(
              "wrpi-updater: REDIS_PORT must be a whole number from 1 to 65535, got \"six\"");
    }
  }

  @Test
  void pushgatewayUrlThatIsNoUrlIsOneLineAndExitCodeTwo() throws Exception {
    try (TestProcess updater = jar(Map.of("PUSHGATEWAY_URL", "pushgateway:9091"))) {
      assertThat(updater.exitCode(EXIT_PATIENCE)).isEqualTo(2);
      assertThat(updater.lines())
          .containsExactly(
              "wrpi-updater: PUSHGATEWAY_URL must be an http(s) URL like http://pushgateway:9091,"
                  + " got \"pushgateway:9091\"");
    }
  }

  @Test
  void loopPushesEveryRoundsOutcome() throws Exception {
    try (RedisServer redis = RedisServer.startNew();
        TestPushgateway pushgateway = TestPushgateway.start()) {
      Map<String, String> env = new java.util.HashMap<>(env(redis));
      env.put("PUSHGATEWAY_URL", pushgateway.url() + "/");
      try (TestProcess updater = jar(env, "--loop", "1")) {
        Duration patience = Duration.ofSeconds(30);
        int stored = updater.awaitLine(0, line -> line.contains("stored wrpi-latest="), patience);
        updater.awaitLine(stored + 1, line -> line.contains("stored wrpi-latest="), patience);
        assertThat(pushgateway.updaterSamples())
            .containsEntry("wrpi_updater_last_run_success", 1.0);

        redis.stop();
        updater.awaitLine(stored, line -> line.contains("could not store"), patience);
        // the failed round's outcome is pushed right after its log line: await it, do not race it
        updater.await(
            "the Pushgateway holding the failed round's outcome",
            patience,
            () ->
                Double.valueOf(0)
                    .equals(pushgateway.updaterSamples().get("wrpi_updater_last_run_success")));
      }
    }
  }

  @Test
  void refusedPasswordExitsOneNamingRedisPass() throws Exception {
    try (RedisServer redis = RedisServer.startNew("the-right-one-" + System.nanoTime())) {
      for (String password : new String[] {"wrong", ""}) {
        Map<String, String> env = Map.of("REDIS_PORT", "" + redis.port(), "REDIS_PASS", password);
        try (TestProcess updater = jar(env)) {
          assertThat(updater.exitCode(EXIT_PATIENCE)).as("%s", updater.lines()).isEqualTo(1);
          assertThat(updater.lines())
              .filteredOn(line -> line.contains("could not store"))
              .singleElement()
              .asString()
              .contains("check REDIS_PASS");
        }
      }
      assertThat(redis.callInDb(1, "DBSIZE")).isEqualTo(0L);
    }
  }

  @Test
  void twoRunsAtOnceBothSucceedAndLeaveOneWholeReading() throws Exception {
    try (RedisServer redis = RedisServer.startNew();
        TestProcess first = jar(env(redis));
        TestProcess second = jar(env(redis))) {
      assertThat(first.exitCode(EXIT_PATIENCE)).isZero();
      assertThat(second.exitCode(EXIT_PATIENCE)).isZero();
      @SuppressWarnings("unchecked")
      List<String> pair = (List<String>) redis.callInDb(1, "MGET", "wrpi-latest", "wrpi-timestamp");
      String stored = "stored wrpi-latest=" + pair.get(0) + " wrpi-timestamp=" + pair.get(1);
      assertThat(List.of(first, second))
          .as("the stored pair is exactly one run's reading")
          .anyMatch(run -> run.lines().stream().anyMatch(line -> line.contains(stored)));
    }
  }

  @Test
  void loopRidesOutARedisOutageAndStopsOnSigterm() throws Exception {
    try (RedisServer redis = RedisServer.startNew();
        TestProcess updater = jar(env(redis), "--loop", "1")) {
      Duration patience = Duration.ofSeconds(30);
      int stored = updater.awaitLine(0, line -> line.contains("stored wrpi-latest="), patience);

      redis.stop();
      int failed = updater.awaitLine(stored, line -> line.contains("could not store"), patience);
      assertThat(updater.lines().get(failed)).contains("Redis is unreachable");
      assertThat(updater.process().isAlive()).as("a failed round does not end the loop").isTrue();

      redis.start();
      redis.callInDb(1, "DEL", "wrpi-latest");
      updater.awaitLine(failed, line -> line.contains("stored wrpi-latest="), patience);
      assertThat(redis.callInDb(1, "EXISTS", "wrpi-latest")).isEqualTo(1L);

      updater.process().destroy(); // SIGTERM
      assertThat(updater.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(updater.process().exitValue()).as("exit code after SIGTERM").isEqualTo(143);
    }
  }

  private static Map<String, String> env(RedisServer redis) {
    return Map.of("REDIS_HOST", redis.host(), "REDIS_PORT", Integer.toString(redis.port()));
  }
}
