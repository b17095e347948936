package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code alertmanager.yml} run as the clustered pair the Kubernetes overlays deploy
 * (ADR 0127), with Debian's alertmanager on loopback and a stand-in for Slack's webhooks: both
 * receive every alert (as Prometheus sends them), one page goes out, silences reach both, and
 * either one alone still pages. The only change to the config is where the webhook URL files live
 * (a pod mounts them at /etc/alertmanager/secrets).
 */
class AlertmanagerClusterTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SlackStandIn slack;
  private final List<TestProcess> alertmanagers = new ArrayList<>();
  private final List<Integer> web = new ArrayList<>();

  @BeforeEach
  void pair() throws Exception {
    slack = new SlackStandIn();
    Path config = slack.shippedConfig(dir);

    int[] cluster = {FreePorts.next(), FreePorts.next()};
    for (int i = 0; i < 2; i++) {
      int port = FreePorts.next();
      web.add(port);
      alertmanagers.add(
          TestProcess.start(
              "alertmanager-" + i,
              List.of(
                  "prometheus-alertmanager",
                  "--config.file=" + config,
                  "--storage.path=" + Files.createDirectories(dir.resolve("data-" + i)),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--cluster.listen-address=127.0.0.1:" + cluster[i],
                  "--cluster.advertise-address=127.0.0.1:" + cluster[i],
                  "--cluster.peer=127.0.0.1:" + cluster[1 - i],
                  // How long the second waits for the first's notification log before sending
                  // itself (default 15 s): shorter, so the test does not wait on it.
                  "--cluster.peer-timeout=1s"),
              Map.of(),
              dir.resolve("alertmanager-" + i + ".log")));
    }
    for (int i = 0; i < 2; i++) {
      // Ready once the gossip has settled: both know each other.
      alertmanagers.get(i).awaitHttp200(url(i, "/-/ready"), Duration.ofSeconds(60));
      awaitMetric(i, "alertmanager_cluster_members", 2, "sees 2 peers");
    }
  }

  @AfterEach
  void stop() {
    alertmanagers.forEach(TestProcess::close); // TERM, then KILL after 10 s
    slack.close();
  }

  @Test
  void bothReceiveEveryAlertAndOnePageGoesOut() throws Exception {
    String alert = alert("ClusterTestPage", "critical");
    post(0, "/api/v2/alerts", alert);
    post(1, "/api/v2/alerts", alert);
    alertmanagers
        .get(0)
        .await("the page", Duration.ofSeconds(60), () -> slack.sentTo("/pager") >= 1);
    // Both have run the group through their pipelines (the notification log was consulted by
    // each) before the count is read: the second found the first's entry and sent nothing.
    for (int i = 0; i < 2; i++) {
      awaitMetric(i, "alertmanager_nflog_queries_total", 1, "consulted the notification log");
    }
    assertThat(slack.sentTo("/pager")).as("%s", slack.messages()).isEqualTo(1);
    assertThat(
            metric(0, "alertmanager_notifications_total{integration=\"slack\"}")
                + metric(1, "alertmanager_notifications_total{integration=\"slack\"}"))
        .isEqualTo(1);
    assertThat(slack.messages().getFirst()).contains("ClusterTestPage");
  }

  @Test
  void aSilenceMadeOnOneHoldsOnTheOther() throws Exception {
    String now = Instant.now().toString();
    String later = Instant.now().plus(Duration.ofHours(1)).toString();
    JsonNode created =
        JSON.readTree(
            post(
                0,
                "/api/v2/silences",
                """
                {"matchers":[{"name":"alertname","value":"ClusterTestSilenced","isRegex":false}],
                 "startsAt":"%s","endsAt":"%s","createdBy":"test","comment":"game day"}\
                """
                    .formatted(now, later)));
    String id = created.path("silenceID").asText();
    assertThat(id).isNotEmpty();
    alertmanagers
        .get(1)
        .await(
            "the silence on alertmanager-1",
            Duration.ofSeconds(30),
            () -> get(1, "/api/v2/silence/" + id).contains("\"state\":\"active\""));
  }

  @Test
  void eitherOneAlonePagesWhenTheOtherIsGone() throws Exception {
    alertmanagers.get(0).signal("KILL");
    assertThat(alertmanagers.get(0).exitCode(Duration.ofSeconds(10))).isNotZero();
    post(1, "/api/v2/alerts", alert("ClusterTestAlone", "critical"));
    alertmanagers
        .get(1)
        .await("the page", Duration.ofSeconds(60), () -> slack.sentTo("/pager") >= 1);
    assertThat(slack.messages().getFirst()).contains("ClusterTestAlone");
  }

  /** Until alertmanager {@code i}'s {@code series} is at least {@code least}. */
  private void awaitMetric(int i, String series, double least, String what) {
    alertmanagers
        .get(i)
        .await(
            "alertmanager-" + i + " " + what,
            Duration.ofSeconds(60),
            () -> metric(i, series) >= least);
  }

  private static String alert(String name, String severity) {
    return """
    [{"labels":{"alertname":"%s","severity":"%s","job":"hello"},
      "annotations":{"summary":"a test alert","description":"from AlertmanagerClusterTest"},
      "startsAt":"%s"}]\
    """
        .formatted(name, severity, Instant.now());
  }

  private String url(int i, String path) {
    return "http://127.0.0.1:" + web.get(i) + path;
  }

  private String post(int i, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url(i, path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private String get(int i, String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url(i, path))).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return "";
    }
  }

  /**
   * One sample of Alertmanager's own metrics (0 when absent): {@code name} or {@code name{...}}.
   */
  private double metric(int i, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(get(i, "/metrics"));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
