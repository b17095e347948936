package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {
  private final List<ServiceSpec> table =
      List.of(
          ServiceSpec.http("hello", "services/hello", 8081, 2),
          ServiceSpec.http("counter", "services/counter", 8083, 1));

  @Test
  void runsEverythingByDefault() {
    assertThat(RunnerConfig.select(table, null)).hasSize(2);
    assertThat(RunnerConfig.select(table, " ")).hasSize(2);
  }

  @Test
  void onlyPicksTheNamedServices() {
    assertThat(RunnerConfig.select(table, "counter"))
        .extracting(ServiceSpec::name)
        .containsExactly("counter");
  }

  @Test
  void rejectsAnUnknownServiceName() {
    assertThatThrownBy(() -> RunnerConfig.select(table, "hello,nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void secondReplicaListensTenThousandPortsHigher() {
    ServiceSpec hello = table.get(0);
    assertThat(hello.portOf(0)).isEqualTo(8081);
    assertThat(hello.portOf(1)).isEqualTo(18081);
    assertThat(hello.instanceName(1)).isEqualTo("hello-2");
  }

  @Test
  void usesAnExternalRedisWhenPointedAtOne() {
    RunnerConfig config =
        RunnerConfig.fromEnvironment(Path.of("/repo"), Map.of("REDIS_HOST", "redis.example"));
    assertThat(config.externalRedis()).isTrue();
    assertThat(RunnerConfig.fromEnvironment(Path.of("/repo"), Map.of()).externalRedis()).isFalse();
    assertThat(RunnerConfig.fromEnvironment(Path.of("/repo"), Map.of()).dataDir())
        .isEqualTo(Path.of("/repo/.run"));
  }
}
