package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.day2.local.FreeOffset;
import dev.day2.local.RunnerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the whole {@code make run} topology on shifted ports, scraped by the Prometheus the
 * runner starts (shipped config) and by a test Prometheus (the shipped files with 1 s intervals and
 * a shortened WrpiStale). Every target is up, every dashboard query parses and returns series, make
 * logs follows one request from the edge to a replica, and stopping the updater makes WrpiStale
 * pending, then firing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
  /** Free for every port of the whole run, not fixed: a running make run cannot collide. */
  static final int OFFSET = FreeOffset.pick(Repo.root(), Map.of());

  static final String PASSWORD = UUID.randomUUID().toString();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path tmp;
  static RunnerProcess run;
  static Path runDir;
  static TestPrometheus prometheus;
  static Process updater;

  @BeforeAll
  static void startMakeRunAndATestPrometheus() throws Exception {
    runDir = tmp.resolve("run");
    run =
        RunnerProcess.start(
            Repo.root(),
            Map.of(
                "PORT_OFFSET",
                Integer.toString(OFFSET),
                "APP_PASSWORD",
                PASSWORD,
                "DAY2_RUN_DIR",
                runDir.toString()));
    assertThat(run.awaitReady(240)).as("runner output: %s", run.output).isTrue();
    prometheus = TestPrometheus.start(tmp.resolve("prometheus"), targets());
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (updater != null) {
      updater.destroyForcibly();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (run != null) {
      run.close();
    }
    // The runner deletes its run folder, which links to the shipped files: they must survive.
    assertThat(Repo.prometheus().resolve("prometheus.yml")).exists();
    assertThat(Repo.prometheus().resolve("rules/alerts.yaml")).exists();
  }

  @Test
  @Order(1)
  void makeRunPrintsThePrometheusUrlAndEveryTargetIsUpThere() throws Exception {
    int port = 9090 + OFFSET;
    assertThat(run.output)
        .contains(
            String.format(
                "%-14s http://127.0.0.1:%d/targets  (alerts: /alerts, graph: /graph)",
                "prometheus", port))
        .contains(
            String.format(
                "%-14s http://127.0.0.1:%d/metrics  (wrpi-updater's run outcomes)",
                "pushgateway", 9091 + OFFSET));
    // The runner's Prometheus runs the shipped config as it is: 15 s scrapes.
    Set<String> expected = instancesInTargetFiles();
    JsonNode up = awaitUp(() -> TestPrometheus.get(port, "/api/v1/targets"), expected, 40);
    assertThat(up).isNotNull();
  }

  @Test
  @Order(2)
  void theTestPrometheusScrapesEveryReplicaTheEdgeTheExportersAndItself() throws Exception {
    Set<String> expected = instancesInTargetFiles();
    assertThat(expected)
        .contains("hello-1", "hello-2", "wrpi-api-1", "wrpi-api-2", "counter-1", "counter-2")
        .contains("edge", "prometheus")
        .as("wrpi-updater's run outcomes (make tools)")
        .contains("pushgateway")
        .as("the exporters (make tools)")
        .contains("redis", "postgres", "varnish", "127.0.0.1:" + (8443 + OFFSET));
    awaitUp(() -> prometheus.get("/api/v1/targets"), expected, 20);
  }

  @Test
  @Order(3)
  void everyDashboardQueryParsesAndReturnsSeries() throws Exception {
    sendTraffic();
    List<DashboardQueries.Query> queries = DashboardQueries.all();
    // rate() needs two scrapes after the traffic: ask again until all answer, for 30 s at most.
    Map<DashboardQueries.Query, JsonNode> answers = new java.util.LinkedHashMap<>();
    Instant deadline = Instant.now().plusSeconds(30);
    do {
      for (DashboardQueries.Query query : queries) {
        answers.put(query, prometheus.query(query.expr()));
      }
      Thread.sleep(500); // polling interval
    } while (answers.entrySet().stream().anyMatch(e -> waiting(e.getKey(), e.getValue()))
        && Instant.now().isBefore(deadline));

    List<String> failures = new ArrayList<>();
    List<String> stalePending = new ArrayList<>();
    answers.forEach((query, answer) -> {
      boolean empty = answer.path("data").path("result").isEmpty();
      if (!answer.path("status").asText().equals("success")) {
        failures.add(query + ": " + answer.path("error").asText());
      } else if (empty && query.pending().isEmpty()) {
        failures.add(query + ": no series");
      } else if (!empty && query.pending().isPresent()) {
        stalePending.add(query + " returns series now: remove it from DashboardQueries.PENDING");
      }
    });
    assertThat(failures).as("dashboard queries that fail or return nothing").isEmpty();
    assertThat(stalePending).isEmpty();
  }

  private static boolean waiting(DashboardQueries.Query query, JsonNode answer) {
    return query.pending().isEmpty()
        && answer.path("status").asText().equals("success")
        && answer.path("data").path("result").isEmpty();
  }

  @Test
  @Order(4)
  void makeLogsFindsOneRequestInTheEdgeAndTheServiceLogs() throws Exception {
    String id = "obs-it-" + UUID.randomUUID();
    int https = 8443 + OFFSET;
    Command curl =
        Command.run(
            tmp,
            "curl",
            "-sk",
            "--resolve",
            "counter.localhost:" + https + ":127.0.0.1",
            "-H",
            "X-Request-ID: " + id,
            "https://counter.localhost:" + https + "/no-such-page");
    // A failed request: the service logs those (ADR 0115), the edge every request.
    assertThat(curl.output()).as("%s", curl).contains("\"error\"");
    Set<String> services = new HashSet<>();
    Instant deadline = Instant.now().plusSeconds(15);
    while (services.size() < 2 && Instant.now().isBefore(deadline)) {
      ProcessBuilder logs = new ProcessBuilder(Repo.root().resolve("scripts/logs.sh").toString());
      logs.environment().put("DAY2_RUN_DIR", runDir.toString());
      logs.environment().put("Q", "select(.request_id==\"" + id + "\") | .service");
      Process process = logs.redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).as(out).isZero();
      services.addAll(out.lines().toList());
      Thread.sleep(200); // polling: the runner appends the lines as the processes print them
    }
    assertThat(services).containsExactlyInAnyOrder("edge", "counter");
  }

  @Test
  @Order(5)
  void stoppingTheUpdaterMakesWrpiStalePendingThenFiring() throws Exception {
    // The runner's updater writes once a minute; ours writes every second, so "stale" can be 15 s.
    ProcessHandle runnersUpdater = run.replica("wrpi-updater-1").orElseThrow();
    runnersUpdater.destroy();
    runnersUpdater.onExit().get(20, TimeUnit.SECONDS);
    updater = startFastUpdater();
    // A reading a second: the alert (if the runner's minute-long gaps raised it) must clear.
    Instant deadline = Instant.now().plusSeconds(40);
    while (!(maxAge() < 12 && alerts("WrpiStale").isEmpty())) {
      assertThat(Instant.now())
          .as("WrpiStale clears once readings are fresh; age %s", maxAge())
          .isBefore(deadline);
      readWrpiOnEveryReplica(); // refreshes the replicas' age gauge at once
      Thread.sleep(200); // polling interval
    }

    updater.destroy();
    assertThat(updater.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Set<String> states = new HashSet<>();
    deadline = Instant.now().plusSeconds(60);
    while (!states.contains("firing") && Instant.now().isBefore(deadline)) {
      for (JsonNode alert : alerts("WrpiStale")) {
        states.add(alert.path("state").asText());
        assertThat(alert.path("labels").path("job").asText()).isEqualTo("wrpi-api");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
      }
      Thread.sleep(100); // polling interval
    }
    assertThat(states).contains("pending", "firing");
  }

  // --- helpers ----------------------------------------------------------------------------------

  static Path targets() {
    return runDir.resolve("prometheus/targets");
  }

  /** The instance labels make run wrote into targets/&lt;job&gt;/make-run.json. */
  static Set<String> instancesInTargetFiles() throws Exception {
    Set<String> instances = new HashSet<>();
    try (Stream<Path> files = Files.walk(targets())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (JsonNode group : Alerts.YAML.readTree(file.toFile())) {
          // Prometheus' default instance is the address (the blackbox job's probed one)
          String address = group.path("targets").get(0).asText();
          instances.add(group.path("labels").path("instance").asText(address));
        }
      }
    }
    return instances;
  }

  interface Fetch {
    JsonNode get() throws Exception;
  }

  /** Waits until every expected instance is an active target with health "up". */
  static JsonNode awaitUp(Fetch targets, Set<String> expected, int seconds) throws Exception {
    Instant deadline = Instant.now().plusSeconds(seconds);
    Map<String, String> health = Map.of();
    while (Instant.now().isBefore(deadline)) {
      JsonNode answer = targets.get();
      health = new java.util.HashMap<>();
      for (JsonNode target : answer.path("data").path("activeTargets")) {
        health.put(
            target.path("labels").path("instance").asText(),
            target.path("health").asText() + " " + target.path("lastError").asText());
      }
      if (health.keySet().containsAll(expected)
          && health.values().stream().allMatch(h -> h.startsWith("up"))) {
        return answer;
      }
      Thread.sleep(250); // polling interval
    }
    assertThat(health).as("target health").containsOnlyKeys(expected);
    assertThat(health.values()).as("target health %s", health).allMatch(h -> h.startsWith("up"));
    return null;
  }

  private static void sendTraffic() throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString(("obs:" + PASSWORD).getBytes());
    for (int replica = 0; replica < 2; replica++) {
      int step = replica * 10000 + OFFSET;
      for (int i = 0; i < 3; i++) {
        get(8081 + step, "/", Map.of());
        get(8082 + step, "/", Map.of());
        get(8082 + step, "/v0/wrpi", Map.of("Authorization", auth));
        get(8082 + step, "/v0/wrpi", Map.of());
        get(8083 + step, "/", Map.of());
        get(8084 + step, "/v1/users/observability-it/preferences", Map.of());
        get(8085 + step, "/maps/tileset/osm_buildings", Map.of());
        get(8085 + step, "/maps/tileset/osm_buildings/14/8529/5974", Map.of());
      }
    }
  }

  private static int get(int port, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5));
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1; // a service this run does not have
    }
  }

  private static void readWrpiOnEveryReplica() throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString(("obs:" + PASSWORD).getBytes());
    get(8082 + OFFSET, "/v0/wrpi", Map.of("Authorization", auth));
    get(18082 + OFFSET, "/v0/wrpi", Map.of("Authorization", auth));
  }

  private static double maxAge() throws Exception {
    JsonNode result = prometheus.query("max(wrpi_value_age_seconds)").path("data").path("result");
    return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
  }

  private static List<JsonNode> alerts(String name) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode alert : prometheus.get("/api/v1/alerts").path("data").path("alerts")) {
      if (alert.path("labels").path("alertname").asText().equals(name)) {
        found.add(alert);
      }
    }
    return found;
  }

  /** The packaged updater, writing a reading every second into the runner's Redis. */
  private static Process startFastUpdater() throws Exception {
    Path jar = Repo.root().resolve("services/wrpi-updater/target/quarkus-app/quarkus-run.jar");
    ProcessBuilder builder =
        new ProcessBuilder(RunnerProcess.java(), "-jar", jar.toString(), "--loop", "1")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("fast-updater.log").toFile());
    builder.environment().put("REDIS_HOST", "127.0.0.1");
    builder.environment().put("REDIS_PORT", Integer.toString(6379 + OFFSET));
    builder.environment().put("REDIS_DB", "1");
    builder.environment().put("INSTANCE_NAME", "wrpi-updater-fast");
    return builder.start();
  }
}
