package dev.day2.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar refuses a bad Redis setting with one line naming it, before Quarkus boots, and
 * starts without a warning when the settings are fine.
 */
class CounterMainIT {
  /** The packaged jar with the test JVM's java, on any free port. */
  private static ProcessBuilder jar() {
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElseThrow(),
            "-jar",
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
    builder.environment().put("PORT", "0");
    builder.environment().put("HOST", "127.0.0.1");
    return builder;
  }

  /**
   * A start with plain Redis (REDIS_TLS unset) logs no WARN: the TLS settings are named only with
   * REDIS_TLS=true (naming them on a redis:// host made Quarkus warn twice at every start).
   */
  @Test
  void startsWithoutAWarning() throws IOException, InterruptedException {
    Process process = jar().redirectErrorStream(true).start();
    // A start that never finishes ends the log (and the test) after a minute instead of hanging.
    CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(process::destroyForcibly);
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (line.contains("Listening on")) {
          break;
        }
      }
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(lines).as("the start's log").anyMatch(l -> l.contains("Listening on"));
    assertThat(lines).noneMatch(l -> l.contains("\"level\":\"WARN\""));
  }

  @Test
  void refusesANonNumericRedisPortWithOneLine() throws IOException, InterruptedException {
    ProcessBuilder builder = jar();
    builder.environment().put("REDIS_PORT", "six-three-seven-nine");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.strip())
        .isEqualTo(
            "counter: REDIS_PORT must be a whole number from 1 to 65535, got"
                + " \"six-three-seven-nine\"");
  }
}
