package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {
  private static final Path HOME = Path.of(System.getProperty("day2.home"));

  /**
   * The options file is a java {@code @argfile} the JVM accepts, and gives it what the images rely
   * on (serial GC, a 64 MB young generation, exit on OOM); make run caps the heap on top of it.
   */
  @Test
  void servicesGetTheSharedJvmOptionsWithALocalHeapCap() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(RunnerConfig.jvmOptions(HOME));
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor()).as(flags).isZero();
    assertThat(flags)
        .containsPattern("bool UseSerialGC += true +\\{product\\} \\{command line\\}")
        .containsPattern("size_t NewSize += 67108864 ")
        .containsPattern("size_t MaxNewSize += 67108864 ")
        .containsPattern("size_t MaxHeapSize += 268435456 ")
        .containsPattern("bool ExitOnOutOfMemoryError += true ");
  }

  /** The bench starts its services the way make run does: the same file, the same heap cap. */
  @Test
  void theBenchUsesTheSameJvmOptions() throws Exception {
    assertThat(Files.readString(HOME.resolve("bench/bench.sh")))
        .contains(
            "\"@$ROOT/" + RunnerConfig.JVM_OPTIONS_FILE + " " + RunnerConfig.LOCAL_HEAP + " ");
  }

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
  void replicasSetsEveryHttpServiceAndKeepsJobsAtOne() {
    List<ServiceSpec> all = RunnerConfig.withReplicas(Services.all(), "1");
    assertThat(all).allSatisfy(s -> assertThat(s.replicas()).isEqualTo(1));
    assertThat(RunnerConfig.withReplicas(Services.all(), null)).isEqualTo(Services.all());
    assertThatThrownBy(() -> RunnerConfig.withReplicas(table, "0"))
        .hasMessageContaining("REPLICAS");
  }

  @Test
  void wrpiApiAllowsThePortalsOriginsOfThisRun() {
    RunnerConfig config =
        RunnerConfig.fromEnvironment(java.nio.file.Path.of("."), Map.of("PORT_OFFSET", "100"));
    assertThat(Services.wiring("wrpi-api", config, true).get("CORS_ALLOWED_ORIGINS"))
        .isEqualTo("https://portal.localhost:8543,http://localhost:8186,http://127.0.0.1:8186");
    assertThat(Services.wiring("portal", config, true))
        .containsEntry("PORTAL_WRPI_URL", "https://wrpi.localhost:8543")
        .containsEntry("COUNTER_URL", "http://127.0.0.1:8183,http://127.0.0.1:18183")
        .containsEntry("PREFERENCES_URL", "http://127.0.0.1:8184,http://127.0.0.1:18184")
        .containsEntry("PROMETHEUS_URL", "http://127.0.0.1:9190");
    RunnerConfig portalOnly =
        RunnerConfig.fromEnvironment(
            java.nio.file.Path.of("."), Map.of("PORT_OFFSET", "100", "ONLY", "portal"));
    assertThat(Services.wiring("portal", portalOnly, true))
        .containsEntry("COUNTER_URL", "http://127.0.0.1:8183");
    assertThat(Services.wiring("portal", config, false).get("PORTAL_TILES_ENVIRONMENTS"))
        .startsWith("local=http://127.0.0.1:6181,staging=");
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
