package dev.day2.wrpi.updater;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The updater in-process against a real redis-server: run once, exit code, what it wrote. The
 * packaged jar is checked by {@link UpdaterJarIT}. Main-method tests start test resources only at
 * launch, so this class starts its Redis itself and hands the port over as a system property.
 */
@QuarkusMainTest
class UpdaterTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.startNew();
    System.setProperty("REDIS_HOST", redis.host());
    System.setProperty("REDIS_PORT", Integer.toString(redis.port()));
  }

  @AfterAll
  static void stopRedis() {
    System.clearProperty("REDIS_HOST");
    System.clearProperty("REDIS_PORT");
    redis.close();
  }

  @BeforeEach
  void freshRedis() {
    redis.start();
    redis.call("FLUSHALL");
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
