package dev.day2.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  void aProcessStartedUnderAnIgnoredIntGetsItsDefaultActionBack() {
    // This JVM may or may not ignore SIGINT (it does when CI runs in the background of a
    // non-interactive shell); a parent shell that ignores it stands in for it.
    List<String> ignoringParent = List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh");
    List<String> status = List.of("grep", "SigIgn", "/proc/self/status");
    List<String> plain = new ArrayList<>(ignoringParent);
    plain.addAll(status);
    List<String> restored = new ArrayList<>(ignoringParent);
    restored.addAll(TestProcess.withDefaultInt(status, "Name:\tjava\nSigIgn:\t0000000000000006\n"));

    assertThat(TestProcess.ignoresInt(run(plain))).as("the stand-in parent ignores INT").isTrue();
    assertThat(TestProcess.ignoresInt(run(restored))).isFalse();
  }

  @Test
  void aCommandIsLeftAsItIsWhenIntIsNotIgnored() {
    List<String> command = List.of("sleep", "1");
    assertThat(TestProcess.withDefaultInt(command, "SigIgn:\t0000000000000004\n"))
        .isEqualTo(command);
    assertThat(TestProcess.withDefaultInt(command, "")).isEqualTo(command);
    assertThat(TestProcess.withDefaultInt(command, "SigIgn:\t0000000000000002\n"))
        .containsExactly("env", "--default-signal=INT", "sleep", "1");
  }

  private static String run(List<String> command) {
    TestProcess.Finished finished =
        TestProcess.run("sigign", command, Map.of(), List.of(), Duration.ofSeconds(10));
    assertThat(finished.exit()).isZero();
    return finished.stdout();
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
