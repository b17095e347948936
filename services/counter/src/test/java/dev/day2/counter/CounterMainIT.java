package dev.day2.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar refuses a bad Redis setting with one line naming it, before Quarkus boots. */
class CounterMainIT {
  @Test
  void refusesANonNumericRedisPortWithOneLine() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElseThrow(),
            "-jar",
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
    builder.environment().put("REDIS_PORT", "six-three-seven-nine");
    builder.environment().put("PORT", "0");
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
