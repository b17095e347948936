package dev.day2.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.service.testing.WarmUpChecks;
import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new replica of the packaged jar, started as production starts it (ADR 0140): it greets itself,
 * both ways, before it reports ready, and the greetings appear in neither its access log (every
 * request logged here) nor its HTTP metrics.
 */
class HelloWarmUpIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  @Test
  void warmsUpBeforeReadyUnseen() throws Exception {
    int port = FreePorts.next();
    Map<String, String> env = WarmUpChecks.env(port, Map.of());
    try (TestProcess hello =
        TestProcess.startJar(
            "hello", JAR, List.of(), env, null, List.of("WARM_UP", "ACCESS_LOG"))) {
      String base = "http://127.0.0.1:" + port;
      String outcome = WarmUpChecks.awaitWarmedUp(base, Duration.ofSeconds(60));

      assertThat(outcome).contains("(0 not 2xx)");
      assertThat(WarmUpChecks.answered(outcome)).as("warm-up greetings").isGreaterThan(50);
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
          .as("HTTP metrics after the warm-up alone")
          .isEmpty();
      assertThat(hello.lines()).noneMatch(l -> l.contains("GET / HTTP/"));
      assertThat(hello.lines())
          .anyMatch(l -> l.contains("\"message\":\"warm-up: " + WarmUpChecks.answered(outcome)));
    }
  }
}
