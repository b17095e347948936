package dev.day2.wrpi.updater;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
import dev.day2.testing.process.FreePorts;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The updater in-process against a real redis-server and a real Pushgateway: run once, exit code,
 * what it wrote, what it reported. The packaged jar is checked by {@link UpdaterJarIT}. Main-method
 * tests start test resources only at launch, so this class starts its servers itself and hands
 * their addresses over as system properties.
 */
@QuarkusMainTest
class UpdaterTest {
  private static RedisServer redis;
  private static TestPushgateway pushgateway;

  @BeforeAll
  static void startServers() {
    redis = RedisServer.startNew();
    pushgateway = TestPushgateway.start();
    System.setProperty("REDIS_HOST", redis.host());
    System.setProperty("REDIS_PORT", Integer.toString(redis.port()));
  }

  @AfterAll
  static void stopServers() {
    System.clearProperty("REDIS_HOST");
    System.clearProperty("REDIS_PORT");
    System.clearProperty(Pushgateway.VARIABLE);
    redis.close();
    pushgateway.close();
  }

  @BeforeEach
  void freshServers() {
    redis.start();
    redis.call("FLUSHALL");
    pushgateway.clear();
    System.setProperty(Pushgateway.VARIABLE, pushgateway.url());
  }

  @Test
  void storesBothKeysInDatabaseOneWithOneAtomicCommandAndExitsZero(QuarkusMainLauncher launcher) {
    Instant before = Instant.now().minusSeconds(1);
    redis.call("CONFIG", "RESETSTAT");
    LaunchResult result = launcher.launch();

    assertThat(result.exitCode()).as(result.getOutput()).isZero();
    @SuppressWarnings("unchecked")
    List<String> stored = (List<String>) redis.callInDb(1, "MGET", "wrpi-latest", "wrpi-timestamp");
    assertThat(stored.get(0)).matches("(100\\.0|\\d{1,2}\\.\\d{1,4})");
    assertThat(Double.parseDouble(stored.get(0))).isGreaterThan(0).isLessThanOrEqualTo(100);
    Instant time =
        OffsetDateTime.parse(stored.get(1), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ"))
            .toInstant();
    assertThat(stored.get(1)).endsWith("+0000");
    assertThat(Duration.between(before, time)).isBetween(Duration.ZERO, Duration.ofMinutes(1));
    assertThat(redis.callInDb(0, "DBSIZE")).as("database 0 stays untouched").isEqualTo(0L);
    assertThat(result.getOutput()).contains("stored wrpi-latest=" + stored.get(0));
    String stats = (String) redis.call("INFO", "commandstats");
    assertThat(stats).as("one MSET, no SET or MULTI").contains("cmdstat_mset:calls=1,");
    assertThat(stats).doesNotContain("cmdstat_set:", "cmdstat_multi:");

    Map<String, Double> pushed = pushgateway.updaterSamples();
    assertThat(pushed)
        .containsEntry("wrpi_updater_last_run_success", 1.0)
        .containsKeys(
            "wrpi_updater_last_run_timestamp_seconds", "wrpi_updater_last_run_duration_seconds");
    double finished = pushed.get("wrpi_updater_last_run_timestamp_seconds");
    assertThat(finished)
        .isBetween(before.getEpochSecond() + 0.0, Instant.now().getEpochSecond() + 1.0);
    assertThat(pushed.get("wrpi_updater_last_success_timestamp_seconds")).isEqualTo(finished);
    assertThat(pushed.get("wrpi_updater_last_run_duration_seconds")).isBetween(0.0, 10.0);
  }

  @Test
  void aFailedRunPushesZeroAndKeepsTheLastSuccessTime(QuarkusMainLauncher launcher) {
    assertThat(launcher.launch().exitCode()).isZero();
    Map<String, Double> afterSuccess = pushgateway.updaterSamples();

    redis.stop();
    assertThat(launcher.launch().exitCode()).isEqualTo(1);

    Map<String, Double> afterFailure = pushgateway.updaterSamples();
    assertThat(afterFailure.get("wrpi_updater_last_run_success")).isZero();
    assertThat(afterFailure.get("wrpi_updater_last_run_timestamp_seconds"))
        .isGreaterThanOrEqualTo(afterSuccess.get("wrpi_updater_last_run_timestamp_seconds"));
    assertThat(afterFailure.get("wrpi_updater_last_success_timestamp_seconds"))
        .as("how long since it last worked survives the failure")
        .isEqualTo(afterSuccess.get("wrpi_updater_last_success_timestamp_seconds"));
  }

  @Test
  void anUnreachablePushgatewayCostsOneWarningNotTheReading(QuarkusMainLauncher launcher) {
    System.setProperty(Pushgateway.VARIABLE, "http://127.0.0.1:" + FreePorts.closed());
    LaunchResult result = launcher.launch();

    assertThat(result.exitCode()).as(result.getOutput()).isZero();
    assertThat(redis.callInDb(1, "EXISTS", "wrpi-latest", "wrpi-timestamp")).isEqualTo(2L);
    assertThat(result.getOutputStream())
        .filteredOn(line -> line.contains("could not push the run outcome"))
        .hasSize(1);
  }

  @Test
  void withoutAPushgatewayNothingIsPushed(QuarkusMainLauncher launcher) {
    System.clearProperty(Pushgateway.VARIABLE);
    LaunchResult result = launcher.launch();

    assertThat(result.exitCode()).as(result.getOutput()).isZero();
    assertThat(pushgateway.updaterSamples()).isEmpty();
    assertThat(result.getOutput()).doesNotContain("push");
  }

  @Test
  void exitsOneWithAOneLineReasonWhenRedisIsDown(QuarkusMainLauncher launcher) {
    redis.stop();
    LaunchResult result = launcher.launch();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutputStream())
        .filteredOn(line -> line.contains("could not store"))
        .singleElement()
        .asString()
        .contains("Redis is unreachable");
  }

  @Test
  void exitsTwoOnABadLoopArgument(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("--loop", "soon");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getOutput()).contains("--loop needs a whole number of seconds");
    assertThat(redis.callInDb(1, "DBSIZE")).isEqualTo(0L);
  }
}
