package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy edge (deploy/edge/haproxy.cfg, the real binary) in front of two replicas each of
 * hello, counter and wrpi-api, all started by the {@code make run} runner on shifted ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeIT {
  /** Free for every port of this run, not fixed: a running make run cannot collide. */
  static final int OFFSET =
      FreeOffset.pick(RunnerProcess.home(), Map.of("ONLY", "hello,counter,wrpi-api"));

  static final int HTTPS = LocalEdge.HTTPS_PORT + OFFSET;
  static final int HTTP = LocalEdge.HTTP_PORT + OFFSET;
  static final int STATS = LocalEdge.STATS_PORT + OFFSET;

  @TempDir static Path tmp;
  static RunnerProcess runner;
  static EdgeClient edge;
  static Path logs;
  static final String PASSWORD = "it-" + UUID.randomUUID();

  @BeforeAll
  static void startTheEdgeAndTwoReplicasEach() throws Exception {
    logs = tmp.resolve("run/logs");
    runner =
        RunnerProcess.start(
            Map.of(
                "ONLY",
                "hello,counter,wrpi-api",
                "PORT_OFFSET",
                Integer.toString(OFFSET),
                "DAY2_RUN_DIR",
                tmp.resolve("run").toString(),
                "APP_PASSWORD",
                PASSWORD));
    assertThat(runner.awaitReady(240)).as("runner output: %s", runner.output).isTrue();
    edge = new EdgeClient(RunnerProcess.home().resolve("deploy/edge/certs/edge.pem"), HTTPS);
    awaitBothReplicasUp("hello.localhost");
    awaitBothReplicasUp("counter.localhost");
    awaitBothReplicasUp("wrpi.localhost");
  }

  @AfterAll
  static void stop() throws Exception {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  @Order(1)
  void routesByHostNameOverHttp2() throws Exception {
    HttpResponse<String> hello = edge.get("hello.localhost", "/");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(hello.body()).startsWith("hello world, the time is ");

    HttpResponse<String> counter = edge.get("counter.localhost", "/");
    assertThat(counter.body()).matches("Hello World! I have been seen \\d+ times.\\n");

    HttpResponse<String> unknown = edge.get("nope.localhost", "/");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"error\":\"unknown_host\"");
  }

  @Test
  @Order(2)
  void sendsHstsOnTlsResponses() throws Exception {
    assertThat(edge.get("hello.localhost", "/").headers().firstValue("Strict-Transport-Security"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("max-age=63072000"));
  }

  @Test
  @Order(3)
  void redirectsPlainHttpToHttpsKeepingHostAndPath() throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create("http://counter.localhost:" + HTTP + "/a/b?c=1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location"))
        .contains("https://counter.localhost:" + HTTPS + "/a/b?c=1");
  }

  @Test
  @Order(4)
  void refusesTlsBelow12() throws Exception {
    Process tls11 =
        new ProcessBuilder(
                "openssl", "s_client", "-connect", "127.0.0.1:" + HTTPS, "-tls1_1", "-brief")
            .redirectErrorStream(true)
            .start();
    tls11.getOutputStream().close();
    assertThat(tls11.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(tls11.exitValue()).as("TLS 1.1 handshake must fail").isNotZero();
  }

  @Test
  @Order(5)
  void balancesAcrossBothReplicasAndCountsExactlyOncePerRequest() throws Exception {
    long previous = seen(edge.get("counter.localhost", "/", "Accept", "application/json").body());
    Set<String> replicas = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response =
          edge.get("counter.localhost", "/", "Accept", "application/json");
      assertThat(response.statusCode()).isEqualTo(200);
      long now = seen(response.body());
      assertThat(now).as("request %d", i).isEqualTo(previous + 1);
      previous = now;
      replicas.add(response.headers().firstValue("X-Served-By").orElseThrow());
    }
    assertThat(replicas).containsExactlyInAnyOrder("counter-1", "counter-2");
  }

  @Test
  @Order(6)
  void passesTheRequestIdToTheServiceLogAndItsOwnLog() throws Exception {
    // A failed request: services log those (ADR 0115); the edge logs every request.
    String id = "it-" + UUID.randomUUID();
    HttpResponse<String> response =
        edge.get("counter.localhost", "/no-such-page", "X-Request-ID", id);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("X-Request-ID")).contains(id);
    String replica = response.headers().firstValue("X-Served-By").orElseThrow();
    EdgeLog.awaitLine(logs.resolve(replica + ".log"), "request_id=" + id);
    EdgeLog.awaitLine(logs.resolve("edge.log"), "\"request_id\":\"" + id + "\"");
  }

  @Test
  @Order(7)
  void replacesAnInvalidRequestId() throws Exception {
    HttpResponse<String> response =
        edge.get("hello.localhost", "/", "X-Request-ID", "bad id with spaces");
    assertThat(response.headers().firstValue("X-Request-ID").orElseThrow())
        .matches("[0-9a-f-]{36}");
  }

  @Test
  @Order(8)
  void rejectsOversizedBodiesWithJson() throws Exception {
    // Raw HTTP/1.1 over TLS: the edge must answer from the announced length alone, before any
    // body byte arrives (an HTTP client would abort its upload and hide the answer).
    String response =
        edge.raw(
            "counter.localhost",
            "POST / HTTP/1.1\r\nHost: counter.localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2000000\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response).contains("\"error\":\"payload_too_large\"");
  }

  @Test
  @Order(9)
  void exposesPrometheusMetricsOnLoopback() throws Exception {
    assertThat(metrics()).contains("haproxy_backend_active_servers{proxy=\"counter\"} 2");
  }

  private static String metrics() throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STATS + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    return metrics.body();
  }

  @Test
  @Order(10)
  void routesWrpiByIpAddressAsTheBriefAllows() throws Exception {
    // The WRPI brief: "GET 127.0.0.1/v0/wrpi, Host: 127.0.0.1" — connecting by IP is fine.
    String right =
        "Basic " + java.util.Base64.getEncoder().encodeToString(("any:" + PASSWORD).getBytes());
    HttpResponse<String> byIp = edge.get("127.0.0.1", "/v0/wrpi", "Authorization", right);
    assertThat(byIp.headers().firstValue("X-Served-By"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("wrpi-api-"));
    // 200 once an updater has written a value; this run has no updater, so 503 "no value yet".
    assertThat(byIp.statusCode()).as(byIp.body()).isIn(200, 503);
    // Only /v0/wrpi: anything else on a bare address still has no service.
    HttpResponse<String> other = edge.get("127.0.0.1", "/");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).contains("\"error\":\"unknown_host\"");
    // Name routing is unchanged: /v0/wrpi on another service's host goes to that service.
    assertThat(edge.get("hello.localhost", "/v0/wrpi").headers().firstValue("X-Served-By"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("hello-"));
  }

  /** Runs last: it kills a replica. */
  @Test
  @Order(100)
  void losingAReplicaUnderLoadFailsNoRequest() throws Exception {
    ReplicaLossLoad load = new ReplicaLossLoad(edge, "counter.localhost", 8);
    load.start();
    load.awaitRequests(200, Duration.ofSeconds(30));
    ProcessHandle victim = runner.replica("counter-2").orElseThrow();
    assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
    victim.onExit().get(10, TimeUnit.SECONDS);
    long atKill = load.total();
    load.awaitRequests(atKill + 500, Duration.ofSeconds(30));
    ReplicaLossLoad.Result result = load.stop();
    System.out.printf(
        "replica loss under load: %d requests (%d after SIGKILL of counter-2), %d failed%n",
        result.total(), result.total() - atKill, result.failed());
    assertThat(result.failures()).as("failed requests").isEmpty();
    assertThat(result.total()).isGreaterThan(atKill + 500);
  }

  /** Runs after everything else: once limited, this client's address gets 429 for a while. */
  @Test
  @Order(200)
  void limitsFailedAuthenticationsPerAddress() throws Exception {
    String wrong =
        "Basic " + java.util.Base64.getEncoder().encodeToString("any:wrong-password".getBytes());
    for (int i = 1; i <= 11; i++) {
      HttpResponse<String> response =
          edge.get("wrpi.localhost", "/v0/wrpi", "Authorization", wrong);
      assertThat(response.statusCode()).as("failure %d", i).isEqualTo(401);
    }
    HttpResponse<String> limited = edge.get("wrpi.localhost", "/v0/wrpi", "Authorization", wrong);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("60");
    assertThat(limited.body()).contains("\"error\":\"too_many_requests\"");
    // The limit is per address and service: wrpi by IP address is the same service, held off...
    assertThat(edge.get("127.0.0.1", "/v0/wrpi", "Authorization", wrong).statusCode())
        .isEqualTo(429);
    // ...but one mistyped password does not lock the address out of the other services.
    HttpResponse<String> hello = edge.get("hello.localhost", "/");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).startsWith("hello world, the time is ");
    // The limit's own backend answered both 429s: its request counter is the limit's metric.
    assertThat(metrics())
        .contains("haproxy_backend_http_requests_total{proxy=\"limited_auth_failures\"} 2");

    // fail2ban's filter finds these answers, and only these, in the edge's real access log.
    EdgeLog.awaitLine(logs.resolve("edge.log"), "\"status\":429,\"limit\":\"auth_failures\"");
    assertThat(EdgeLog.fail2banMatches(tmp, "day2-edge", logs.resolve("edge.log"))).isEqualTo(13);
  }

  private static long seen(String json) {
    Matcher m = Pattern.compile("\"seen\":(\\d+)").matcher(json);
    assertThat(m.find()).as("body %s", json).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static void awaitBothReplicasUp(String host) throws Exception {
    Set<String> seen = new HashSet<>();
    Instant deadline = Instant.now().plusSeconds(60);
    while (seen.size() < 2 && Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response = edge.get(host, "/q/health/ready");
        if (response.statusCode() == 200) {
          response.headers().firstValue("X-Served-By").ifPresent(seen::add);
        }
      } catch (java.io.IOException e) {
        // the edge or a replica is still starting on a busy machine: ask again
      }
    }
    assertThat(seen).as("replicas of %s answering through the edge", host).hasSize(2);
  }
}
