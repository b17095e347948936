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
  void runKeepsStdoutAndStderrApartWithTheExitCode() {
    TestProcess.Finished run =
        TestProcess.run(
            "cli",
            List.of("sh", "-c", "echo out; echo \"err $X ${DB_HOST:-unset}\" >&2; exit 2"),
            Map.of("X", "42"),
            List.of("DB_"),
            Duration.ofSeconds(10));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stdout()).isEqualTo("out\n");
    assertThat(run.stderr()).isEqualTo("err 42 unset\n");
  }

  @Test
  void closeWithIntStopsItTheWayCtrlCDoes() {
    TestProcess shell =
        TestProcess.start(
                "shell",
                List.of(
                    "sh",
                    "-c",
                    "trap 'echo interrupted; exit 0' INT; echo ready; while :; do sleep 0.1; done"),
                Map.of(),
                null,
                List.of())
            .closeWith("INT", Duration.ofSeconds(10));
    shell.awaitLine(0, "ready"::equals, Duration.ofSeconds(10));
    shell.close();
    assertThat(shell.isAlive()).isFalse();
    assertThat(shell.lines()).containsExactly("ready", "interrupted");
  }

  @Test
  void closeKillsAfterTheGraceWhatTheProcessStartedToo() {
    TestProcess shell =
        TestProcess.start(
                "shell",
                List.of("sh", "-c", "trap '' TERM; sleep 300 & echo \"child=$!\"; wait"),
                Map.of(),
                null,
                List.of())
            .closeWith("TERM", Duration.ofMillis(300));
    int line = shell.awaitLine(0, l -> l.startsWith("child="), Duration.ofSeconds(10));
    long child = Long.parseLong(shell.lines().get(line).substring("child=".length()));
    assertThat(ProcessHandle.of(child)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    shell.close();
    assertThat(shell.isAlive()).isFalse();
    assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void anHttpStatusOfNothingListeningIsMinusOne() {
    assertThat(TestProcess.status("http://127.0.0.1:" + FreePorts.closed() + "/")).isEqualTo(-1);
  }
}
