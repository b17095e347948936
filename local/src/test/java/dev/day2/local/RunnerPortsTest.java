package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ports a run listens on, which FreeOffset checks before a runner test picks its offset. */
class RunnerPortsTest {
  static final Path HOME = Path.of(System.getProperty("day2.home"));

  @Test
  void everyServiceReplicaStoreAndSideProcessIsListed() {
    RunnerConfig config = RunnerConfig.fromEnvironment(HOME, Map.of());
    assertThat(config.listenPorts())
        .contains(8081, 18081, 8086, 18086, 8080, 8443, 8404, 6081, 9090, 9091, 6379, 5432)
        .contains(9121, 9187, 9131, 9115)
        .doesNotHaveDuplicates();
  }

  @Test
  void theOffsetMovesEveryPortAndExternalStoresAreLeftOut() {
    RunnerConfig config =
        RunnerConfig.fromEnvironment(
            HOME, Map.of("PORT_OFFSET", "100", "ONLY", "counter", "REDIS_HOST", "redis.example"));
    assertThat(config.listenPorts())
        .contains(8183, 18183, 8543, 9190)
        .doesNotContain(8083, 6479, 6379, 8443);
  }

  @Test
  void aPickedOffsetLeavesEveryPortOfTheRunFree() {
    Map<String, String> env = Map.of("ONLY", "hello");
    int offset = FreeOffset.pick(HOME, env);
    assertThat(offset).isBetween(1000, 40000);
    assertThat(offset % 100).isZero();
  }

  /** A port in the ephemeral range can be taken by any outgoing connection before the run binds. */
  @Test
  void everyPickedOffsetKeepsEveryPortOfAFullRunBelowTheEphemeralRange() {
    for (int i = 0; i < 20; i++) { // the search starts at a random offset
      int offset = FreeOffset.pick(HOME, Map.of());
      RunnerConfig config =
          RunnerConfig.fromEnvironment(HOME, Map.of("PORT_OFFSET", Integer.toString(offset)));
      assertThat(config.listenPorts()).allMatch(p -> p < FreeOffset.ephemeralFrom());
    }
    assertThat(FreeOffset.ephemeralFrom()).isBetween(1024, 65535);
  }
}
