package dev.day2.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
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
 * A new replica of the packaged jar, started as production starts it (ADR 0140): it warms up on its
 * own visit path before it reports ready, and none of that shows where visits do: not in the count,
 * not in the access log (every request logged here), not in the HTTP or visit metrics.
 */
class CounterWarmUpIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  @Test
  void warmsUpBeforeReadyAndCountsNoneOfIt() throws Exception {
    try (RedisServer redis = RedisServer.startNew()) {
      int port = FreePorts.next();
      Map<String, String> env =
          WarmUpChecks.env(
              port, Map.of("REDIS_HOST", redis.host(), "REDIS_PORT", "" + redis.port()));
      try (TestProcess counter =
          TestProcess.startJar(
              "counter", JAR, List.of(), env, null, List.of("REDIS_", "WARM_UP", "ACCESS_LOG"))) {
        String base = "http://127.0.0.1:" + port;
        String outcome = WarmUpChecks.awaitWarmedUp(base, Duration.ofSeconds(60));

        assertThat(outcome).contains("(0 not 2xx)");
        long warmUps = WarmUpChecks.answered(outcome);
        assertThat(warmUps).as("warm-up visits").isGreaterThan(50);
        assertThat(redis.call("GET", Counter.WARM_UP_KEY)).isEqualTo(Long.toString(warmUps));
        assertThat(redis.call("GET", Counter.KEY)).as("the visits' count").isNull();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> visit =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(visit.body()).isEqualTo("Hello World! I have been seen 1 times.\n");

        String metrics =
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
            .as("the HTTP metrics: the one visit")
            .singleElement()
            .satisfies(l -> assertThat(l).contains("uri=\"root\"").endsWith(" 1.0"));
        assertThat(metrics).contains("counter_hits_served_total 1.0");
        assertThat(metrics).doesNotContain("warm_up");

        counter.awaitLine(0, l -> l.contains("GET / HTTP/"), Duration.ofSeconds(10));
        assertThat(counter.lines().stream().filter(l -> l.contains("GET / HTTP/")))
            .as("access-log lines of GET /: the visit's alone")
            .hasSize(1);
        assertThat(counter.lines())
            .anyMatch(l -> l.contains("\"message\":\"warm-up: " + warmUps + " requests"));
      }
    }
  }
}
