package dev.day2.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper against real processes: redis-server on a free port, a shell printing lines. */
class TestProcessTest {
  @TempDir Path tmp;

  @Test
  void startsARealServerOnAFreePortAwaitsItAndStopsOnlyIt() {
    int port = FreePorts.next();
    assertThat(TestProcess.accepts(port)).isFalse();
    TestProcess redis =
        TestProcess.start(
            "redis",
            List.of(
                "redis-server",
                "--port",
                "" + port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                tmp.toString()),
            Map.of(),
            tmp.resolve("redis.log"));
    try (redis) {
      redis.awaitPort(port, Duration.ofSeconds(10));
      assertThat(TestProcess.accepts(port)).isTrue();
      assertThat(redis.lines()).anyMatch(l -> l.contains("Ready to accept connections"));
    }
    assertThat(redis.isAlive()).isFalse();
    assertThat(TestProcess.accepts(port)).isFalse();
  }

  @Test
  void collectsOutputAwaitsALineAndReportsTheExitCode() {
    TestProcess shell =
        TestProcess.start(
            "shell",
            List.of("sh", "-c", "echo starting; echo \"value=$X\"; exit 3"),
            Map.of("X", "42"),
            null,
            List.of());
    assertThat(shell.awaitLine(0, l -> l.startsWith("value="), Duration.ofSeconds(10)))
        .isEqualTo(1);
    assertThat(shell.exitCode(Duration.ofSeconds(10))).isEqualTo(3);
    assertThat(shell.lines()).containsExactly("starting", "value=42");
  }

  @Test
  void dropsTheVariablesItIsToldToAndFailsFastWhenTheProcessExits() {
    TestProcess shell =
        TestProcess.start(
            "shell",
            List.of("sh", "-c", "echo \"port=${REDIS_PORT:-unset}\""),
            Map.of(),
            null,
            List.of("REDIS_"));
    assertThatThrownBy(() -> shell.awaitPort(FreePorts.closed(), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the process exited")
        .hasMessageContaining("port=unset");
  }

  @Test
  void anHttpStatusOfNothingListeningIsMinusOne() {
    assertThat(TestProcess.status("http://127.0.0.1:" + FreePorts.closed() + "/")).isEqualTo(-1);
  }
}
