package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus and Alertmanager files, checked by the real promtool and amtool (Debian's
 * prometheus and prometheus-alertmanager packages), as {@code make test} promises.
 */
class ConfigCheckTest {

  @Test
  void prometheusConfigIsValidWithoutWarningsOnceTargetsExist(@TempDir Path dir) throws Exception {
    // As every topology runs it: the file as it is, rules beside it, a targets/ folder per job.
    Path config = PrometheusLayout.link(dir);
    for (String job : PrometheusLayout.targetFolders(config)) {
      Files.createDirectories(dir.resolve("targets").resolve(job));
      Files.writeString(dir.resolve("targets").resolve(job).resolve("none.json"), "[]\n");
    }
    Command check = Command.run(dir, "promtool", "check", "config", config.toString());
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.output()).as("%s", check).contains("SUCCESS").doesNotContain("WARNING");
  }

  @Test
  void everyRuleFileIsValid() throws Exception {
    List<String> line = new ArrayList<>(List.of("promtool", "check", "rules"));
    line.addAll(files(Repo.prometheus().resolve("rules"), ".yaml"));
    Command check = Command.run(Repo.prometheus(), line.toArray(String[]::new));
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.output()).doesNotContain("FAILED");
  }

  @Test
  void everyAlertUnitTestPasses() throws Exception {
    List<String> tests = files(Repo.prometheus().resolve("tests"), ".test.yaml");
    assertThat(tests).isNotEmpty();
    List<String> line = new ArrayList<>(List.of("promtool", "test", "rules"));
    line.addAll(tests);
    Command run = Command.run(Repo.prometheus().resolve("tests"), line.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.output()).doesNotContain("FAILED");
  }

  @Test
  void alertmanagerConfigIsValid() throws Exception {
    Path dir = Repo.observability().resolve("alertmanager");
    Command check = Command.run(dir, "amtool", "check-config", "alertmanager.yml");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.output()).contains("SUCCESS");
  }

  @Test
  void criticalAlertsPageAndWarningsBecomeTickets() throws Exception {
    Path dir = Repo.observability().resolve("alertmanager");
    assertThat(route(dir, "severity=critical", "alertname=WrpiStale")).isEqualTo("pager");
    assertThat(route(dir, "severity=warning", "alertname=TargetDown")).isEqualTo("tickets");
    assertThat(route(dir, "alertname=Unlabelled")).isEqualTo("tickets");
  }

  /** The dead man's switch goes to the receiver with no integration (HeartbeatTest reads it). */
  @Test
  void theWatchdogNotifiesNobody() throws Exception {
    Path dir = Repo.observability().resolve("alertmanager");
    assertThat(route(dir, "severity=none", "alertname=Watchdog")).isEqualTo("heartbeat");
    JsonNode receivers =
        Alerts.YAML.readTree(dir.resolve("alertmanager.yml").toFile()).path("receivers");
    for (JsonNode receiver : receivers) {
      if (receiver.path("name").asText().equals("heartbeat")) {
        assertThat(receiver.size()).as("heartbeat has no integration: %s", receiver).isEqualTo(1);
        return;
      }
    }
    throw new AssertionError("no receiver heartbeat in alertmanager.yml");
  }

  private static String route(Path dir, String... labels) throws Exception {
    List<String> line =
        new ArrayList<>(
            List.of("amtool", "config", "routes", "test", "--config.file=alertmanager.yml"));
    line.addAll(List.of(labels));
    Command test = Command.run(dir, line.toArray(String[]::new));
    assertThat(test.exitCode()).as("%s", test).isZero();
    // amtool also warns (stderr, merged) that --config.file overrides --alertmanager.url.
    return test.output()
        .lines()
        .filter(l -> !l.startsWith("Warning:"))
        .findFirst()
        .orElse("")
        .trim();
  }

  static List<String> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> paths = Files.list(dir)) {
      return paths
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .map(Path::toString)
          .sorted()
          .toList();
    }
  }
}
