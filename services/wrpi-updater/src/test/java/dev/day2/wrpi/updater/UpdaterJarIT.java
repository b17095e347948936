package dev.day2.wrpi.updater;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
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
  @Test
  void storesAReadingInDatabaseOneAndExitsZero() throws Exception {
    try (RedisServer redis = RedisServer.startNew();
        JarProcess updater = JarProcess.start(env(redis))) {
      assertThat(updater.exitCode()).as("%s", updater.lines()).isZero();
      assertThat(redis.callInDb(1, "EXISTS", "wrpi-latest", "wrpi-timestamp")).isEqualTo(2L);
      assertThat(updater.lines())
          .anyMatch(line -> line.contains("\"message\":\"stored wrpi-latest="));
    }
  }

  @Test
  void nonNumericPortIsOneLineAndExitCodeTwo() throws Exception {
    try (JarProcess updater = JarProcess.start(Map.of("REDIS_PORT", "six"))) {
      assertThat(updater.exitCode()).isEqualTo(2);
      assertThat(updater.lines())
          .containsExactly(
              "wrpi-updater: REDIS_PORT must be a whole number from 1 to 65535, got \"six\"");
    }
  }

  @Test
  void pushgatewayUrlThatIsNoUrlIsOneLineAndExitCodeTwo() throws Exception {
    try (JarProcess updater = JarProcess.start(Map.of("PUSHGATEWAY_URL", "pushgateway:9091"))) {
      assertThat(updater.exitCode()).isEqualTo(2);
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
      try (JarProcess updater = JarProcess.start(env, "--loop", "1")) {
        Duration patience = Duration.ofSeconds(30);
        int stored = updater.awaitLine(0, line -> line.contains("stored wrpi-latest="), patience);
        updater.awaitLine(stored + 1, line -> line.contains("stored wrpi-latest="), patience);
        assertThat(pushgateway.updaterSamples())
            .containsEntry("wrpi_updater_last_run_success", 1.0);

        redis.stop();
        updater.awaitLine(stored, line -> line.contains("could not store"), patience);
        assertThat(pushgateway.updaterSamples())
            .as("the failed round's outcome, pushed right after its log line")
            .satisfies(s -> assertThat(s.get("wrpi_updater_last_run_success")).isZero());
      }
    }
  }

  @Test
  void refusedPasswordExitsOneNamingRedisPass() throws Exception {
    try (RedisServer redis = RedisServer.startNew("the-right-one-" + System.nanoTime())) {
      for (String password : new String[] {"wrong", ""}) {
        Map<String, String> env = Map.of("REDIS_PORT", "" + redis.port(), "REDIS_PASS", password);
        try (JarProcess updater = JarProcess.start(env)) {
          assertThat(updater.exitCode()).as("%s", updater.lines()).isEqualTo(1);
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
        JarProcess first = JarProcess.start(env(redis));
        JarProcess second = JarProcess.start(env(redis))) {
      assertThat(first.exitCode()).isZero();
      assertThat(second.exitCode()).isZero();
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
        JarProcess updater = JarProcess.start(env(redis), "--loop", "1")) {
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
