package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead man's switch (ADR 0135) with the real parts that exist here: Debian's Alertmanager (the
 * release of the cluster's image) running the shipped {@code alertmanager.yml}, and the heartbeat
 * CronJob's two commands exactly as {@code components/monitoring-aws/heartbeat.yaml} ships them:
 * the init container's check (Debian's amtool, the image's release) and then, only if it passed,
 * the beat container's {@code aws} arguments, given to a recording stand-in (CloudWatch cannot
 * exist here; infra/aws's OverlayContractTest checks that those arguments name the metric the alarm
 * watches). A beat goes out while an active Watchdog is in Alertmanager and no
 * AlertmanagerNotificationsFailing is, and for nothing else.
 */
class HeartbeatTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path MANIFEST =
      Repo.root().resolve("deploy/k8s/components/monitoring-aws/heartbeat.yaml");

  @TempDir Path dir;
  private SlackStandIn slack;
  private TestProcess alertmanager;
  private String url;

  @BeforeEach
  void alertmanager() throws Exception {
    slack = new SlackStandIn();
    Path config = slack.shippedConfig(dir);
    int port = FreePorts.next();
    url = "http://127.0.0.1:" + port;
    alertmanager =
        TestProcess.start(
            "alertmanager",
            List.of(
                "prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="),
            Map.of(),
            dir.resolve("alertmanager.log"));
    alertmanager.awaitHttp200(url + "/-/ready", Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() {
    alertmanager.close();
    slack.close();
  }

  @Test
  void theManifestAsksTheClustersAlertmanagerAndPutsOneDataPoint() throws Exception {
    JsonNode pod = cronJob().path("spec").path("jobTemplate").path("spec").path("template");
    assertThat(pod.path("spec").path("initContainers")).hasSize(1);
    assertThat(env(pod.path("spec").path("initContainers").get(0)))
        .containsEntry("ALERTMANAGER_URL", "http://alertmanager.monitoring.svc.cluster.local:9093");
    assertThat(args(pod.path("spec").path("containers").get(0)))
        .containsExactly(
            "cloudwatch",
            "put-metric-data",
            "--namespace",
            "Day2/Monitoring",
            "--metric-name",
            "WatchdogHeartbeat",
            "--value",
            "1",
            "--unit",
            "Count");
  }

  @Test
  void aWatchdogFromPrometheusMakesABeatAndNotifiesNobody() throws Exception {
    post("/api/v2/alerts", alert("Watchdog", "none", Instant.now().plusSeconds(60)));
    Job job = runJob();
    assertThat(job.check().exit()).as("%s", job.check()).isZero();
    assertThat(job.check().stdout())
        .contains("Watchdog active in " + url + ", notifications delivered");
    assertThat(job.beats()).containsExactly(String.join(" ", args(beatContainer())));

    // A page posted after it goes out; by then the Watchdog's group (no wait) has long been
    // through the pipeline, and it reached no channel.
    post("/api/v2/alerts", alert("HeartbeatTestPage", "critical", Instant.now().plusSeconds(60)));
    alertmanager.await(
        "the control page", Duration.ofSeconds(60), () -> slack.sentTo("/pager") >= 1);
    assertThat(slack.messages()).noneMatch(n -> n.contains("Watchdog"));
  }

  @Test
  void noWatchdogNoBeat() throws Exception {
    post("/api/v2/alerts", alert("TargetDown", "warning", Instant.now().plusSeconds(60)));
    Job job = runJob();
    assertThat(job.check().exit()).isEqualTo(1);
    assertThat(job.check().stderr()).contains("heartbeat: no active Watchdog in " + url);
    assertThat(job.beats()).isEmpty();
  }

  /** Prometheus stopped: its last Watchdog's end time passes and Alertmanager resolves it. */
  @Test
  void aWatchdogNoLongerSentNoBeat() throws Exception {
    post("/api/v2/alerts", alert("Watchdog", "none", Instant.now().minusSeconds(1)));
    Job job = runJob();
    assertThat(job.check().exit()).isEqualTo(1);
    assertThat(job.beats()).isEmpty();
  }

  /** A silence over every alert mutes the pager too: the switch says so from outside. */
  @Test
  void aSilenceOverEveryAlertStopsTheBeat() throws Exception {
    post("/api/v2/alerts", alert("Watchdog", "none", Instant.now().plusSeconds(60)));
    assertThat(runJob().beats()).hasSize(1);
    post(
        "/api/v2/silences",
        """
        {"matchers":[{"name":"alertname","value":".+","isRegex":true}],
         "startsAt":"%s","endsAt":"%s","createdBy":"test","comment":"maintenance"}\
        """
            .formatted(Instant.now(), Instant.now().plus(Duration.ofHours(1))));
    Job job = runJob();
    assertThat(job.check().exit()).isEqualTo(1);
    assertThat(job.beats()).isEmpty();
  }

  /** Alerts held but not delivered (a revoked Slack webhook): the pager is as good as silent. */
  @Test
  void failingNotificationsStopTheBeat() throws Exception {
    post("/api/v2/alerts", alert("Watchdog", "none", Instant.now().plusSeconds(60)));
    post(
        "/api/v2/alerts",
        alert("AlertmanagerNotificationsFailing", "critical", Instant.now().plusSeconds(60)));
    Job job = runJob();
    assertThat(job.check().exit()).isEqualTo(1);
    assertThat(job.check().stderr()).contains("AlertmanagerNotificationsFailing is active");
    assertThat(job.beats()).isEmpty();
  }

  @Test
  void alertmanagerGoneNoBeat() throws Exception {
    post("/api/v2/alerts", alert("Watchdog", "none", Instant.now().plusSeconds(60)));
    alertmanager.close();
    Job job = runJob();
    assertThat(job.check().exit()).isEqualTo(1);
    assertThat(job.beats()).isEmpty();
  }

  /** What one Job did: the init container's outcome and the {@code aws} calls of the beat. */
  record Job(TestProcess.Finished check, List<String> beats) {}

  /**
   * One Job as Kubernetes runs it: the init container's command with its env (the Service's URL
   * swapped for this Alertmanager's), and the beat container only if that exited 0.
   */
  private Job runJob() throws Exception {
    JsonNode init =
        cronJob()
            .path("spec")
            .path("jobTemplate")
            .path("spec")
            .path("template")
            .path("spec")
            .path("initContainers")
            .get(0);
    Map<String, String> env = new HashMap<>(env(init));
    env.put("ALERTMANAGER_URL", url);
    TestProcess.Finished check =
        TestProcess.run("watchdog", args(init), env, List.of(), Duration.ofSeconds(60));
    Path calls = dir.resolve("aws-calls");
    Files.deleteIfExists(calls);
    if (check.exit() == 0) {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path aws = bin.resolve("aws");
      Files.writeString(aws, "#!/bin/sh\necho \"$*\" >> \"" + calls + "\"\n");
      aws.toFile().setExecutable(true);
      List<String> command = new ArrayList<>(List.of(aws.toString()));
      command.addAll(args(beatContainer()));
      TestProcess.Finished beat =
          TestProcess.run("beat", command, env(beatContainer()), List.of(), Duration.ofSeconds(30));
      assertThat(beat.exit()).as("%s", beat).isZero();
    }
    return new Job(check, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
  }

  private static JsonNode cronJob() throws Exception {
    try (var docs = Alerts.YAML.readerFor(JsonNode.class).<JsonNode>readValues(MANIFEST.toFile())) {
      for (JsonNode doc : docs.readAll()) {
        if (doc.path("kind").asText().equals("CronJob")) {
          return doc;
        }
      }
    }
    throw new AssertionError(MANIFEST + " has no CronJob");
  }

  private static JsonNode beatContainer() throws Exception {
    return cronJob()
        .path("spec")
        .path("jobTemplate")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }

  /** A container's command and args, as the runtime joins them. */
  private static List<String> args(JsonNode container) {
    List<String> line = new ArrayList<>();
    container.path("command").forEach(c -> line.add(c.asText()));
    container.path("args").forEach(a -> line.add(a.asText()));
    return line;
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  /**
   * An alert as Prometheus sends it: labels, annotations, and the end time it keeps pushing out.
   */
  private static String alert(String name, String severity, Instant endsAt) {
    return """
    [{"labels":{"alertname":"%s","severity":"%s"},
      "annotations":{"summary":"from HeartbeatTest","description":"from HeartbeatTest"},
      "startsAt":"%s","endsAt":"%s"}]\
    """
        .formatted(name, severity, Instant.now().minusSeconds(120), endsAt);
  }

  private void post(String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
