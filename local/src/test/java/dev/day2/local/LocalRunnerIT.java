package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code make run}'s runner as a real process (hello only, so the test stays fast), checks the
 * service answers on its documented port, then sends it SIGINT the way Ctrl-C does and checks that
 * no process and no temporary data is left behind.
 */
class LocalRunnerIT {
  @TempDir Path tmp;
  private Process runner;

  @AfterEach
  void killLeftovers() {
    if (runner != null && runner.isAlive()) {
      runner.descendants().forEach(ProcessHandle::destroyForcibly);
      runner.destroyForcibly();
    }
  }

  @Test
  void startsHelloAndLeavesNothingBehindOnCtrlC() throws Exception {
    Path runDir = tmp.resolve("run");
    RunnerProcess started =
        RunnerProcess.start(
            Map.of(
                "ONLY",
                "hello",
                "EDGE",
                "0",
                "PROMETHEUS",
                "0",
                "DAY2_RUN_DIR",
                runDir.toString()));
    runner = started.process;
    List<String> output = started.output;

    assertThat(started.awaitReady(180)).as("runner output: %s", output).isTrue();
    HttpResponse<String> hello =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).matches("hello world, the time is \\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z");
    assertThat(hello.headers().firstValue("X-Served-By")).contains("hello-1");
    assertThat(output).anyMatch(line -> line.startsWith("hello-1") && line.contains("started"));
    assertThat(Files.list(runDir.resolve("logs"))).isNotEmpty();

    List<ProcessHandle> children = runner.descendants().toList();
    assertThat(children).isNotEmpty();
    started.interrupt();

    assertThat(runner.waitFor(60, TimeUnit.SECONDS)).as("runner exits after SIGINT").isTrue();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(output).contains("stopped");
    assertThat(runDir).doesNotExist();
  }
}
