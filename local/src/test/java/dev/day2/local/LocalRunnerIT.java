package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code make run}'s runner as a real process (hello only, so the test stays fast), checks the
 * service answers on its documented port (shifted by a PORT_OFFSET where the run's ports are free:
 * a running make run cannot collide), then sends it SIGINT the way Ctrl-C does and checks that no
 * process and no temporary data is left behind.
 */
class LocalRunnerIT {
  /** hello's port in services.tsv. */
  static final int HELLO_PORT = 8081;

  @TempDir Path tmp;
  private RunnerProcess started;

  @AfterEach
  void stopLeftovers() {
    if (started != null) {
      started.close(); // nothing to do when the test's SIGINT stopped it
    }
  }

  @Test
  void startsHelloAndLeavesNothingBehindOnCtrlC() throws Exception {
    Path runDir = tmp.resolve("run");
    Map<String, String> only = Map.of("ONLY", "hello", "EDGE", "0", "PROMETHEUS", "0");
    int offset = FreeOffset.pick(RunnerProcess.home(), only);
    Map<String, String> env = new HashMap<>(only);
    env.put("PORT_OFFSET", Integer.toString(offset));
    env.put("DAY2_RUN_DIR", runDir.toString());
    started = RunnerProcess.start(env);
    Process runner = started.process;
    List<String> output = started.output;

    assertThat(started.awaitReady(180)).as("runner output: %s", output).isTrue();
    HttpResponse<String> hello =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + (HELLO_PORT + offset) + "/"))
                    .build(),
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
