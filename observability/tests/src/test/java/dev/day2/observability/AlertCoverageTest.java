package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every alert is complete: labels and annotations, a {@code for:}, a runbook named after it with
 * the four sections, and a promtool unit test that checks its {@code for:} boundary (no alert one
 * evaluation before it fires, the exact labels when it does).
 */
class AlertCoverageTest {
  private static final Set<String> SEVERITIES = Set.of("critical", "warning");
  static final String DEAD_MANS_SWITCH = "Watchdog";

  @Test
  void theAlertsTheIssueAsksForExist() throws Exception {
    assertThat(Alerts.all().stream().map(Alerts.Alert::name))
        .contains(
            "ErrorBudgetBurnFast",
            "ErrorBudgetBurnSlow",
            "WrpiStale",
            "WrpiUpdaterFailing",
            "TargetDown",
            "HighP99Latency",
            "RedisDown",
            "PostgresDown",
            "VarnishLowHitRatio",
            "EdgeCertificateExpiringSoon")
        .doesNotHaveDuplicates();
  }

  /**
   * The dead man's switch (ADR 0135) is the one alert for no person: always true, {@code severity:
   * none}, so that no route, inhibition, dashboard count or portal list treats it as a problem.
   */
  @Test
  void theDeadMansSwitchAlwaysFiresForNobody() throws Exception {
    Alerts.Alert watchdog =
        Alerts.all().stream()
            .filter(a -> a.name().equals(DEAD_MANS_SWITCH))
            .findFirst()
            .orElseThrow();
    assertThat(watchdog.rule().path("expr").asText().strip()).isEqualTo("vector(1)");
    assertThat(watchdog.label("severity")).isEqualTo("none");
    assertThat(Alerts.all())
        .filteredOn(a -> "none".equals(a.label("severity")))
        .extracting(Alerts.Alert::name)
        .containsExactly(DEAD_MANS_SWITCH);
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionRunbookAndFor() throws Exception {
    for (Alerts.Alert alert : Alerts.all()) {
      if (!alert.name().equals(DEAD_MANS_SWITCH)) {
        assertThat(alert.label("severity")).as(alert.name()).isIn(SEVERITIES);
      }
      assertThat(alert.annotation("summary")).as(alert.name()).isNotBlank();
      assertThat(alert.annotation("description")).as(alert.name()).isNotBlank();
      assertThat(alert.annotation("runbook_url"))
          .as(alert.name())
          .isEqualTo("docs/runbooks/" + alert.name() + ".md");
      assertThat(Alerts.seconds(alert.rule().path("for").asText("0s")))
          .as("%s for:", alert.name())
          .isPositive();
    }
  }

  @Test
  void everyAlertHasARunbookWithMeaningImpactDiagnosisAndMitigation() throws Exception {
    for (Alerts.Alert alert : Alerts.all()) {
      Path runbook = Repo.runbooks().resolve(alert.name() + ".md");
      assertThat(runbook).as("runbook of %s", alert.name()).exists();
      String text = Files.readString(runbook);
      assertThat(text)
          .as(runbook.toString())
          .startsWith("# " + alert.name())
          .contains("## Meaning", "## Impact", "## Diagnosis", "## Mitigation")
          .contains("make run", "compose", "kubectl");
    }
  }

  @Test
  void everyRunbookBelongsToAnAlert() throws Exception {
    List<String> names = Alerts.all().stream().map(a -> a.name() + ".md").toList();
    try (var files = Files.list(Repo.runbooks())) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")))
          .allMatch(names::contains);
    }
  }

  @Test
  void everyAlertHasAUnitTestAtItsForBoundary() throws Exception {
    List<JsonNode> tests = new ArrayList<>();
    for (String file : ConfigCheckTest.files(Repo.prometheus().resolve("tests"), ".test.yaml")) {
      tests.add(Alerts.YAML.readTree(Path.of(file).toFile()));
    }
    for (Alerts.Alert alert : Alerts.all()) {
      assertThat(tests)
          .as(
              "a promtool test of %s: exp_alerts [] one evaluation before it fires, then the"
                  + " alert with its labels",
              alert.name())
          .anyMatch(file -> checksBoundary(file, alert));
    }
  }

  /** A test case with "no alert" at t and the alert with exact labels at t + one evaluation. */
  private static boolean checksBoundary(JsonNode file, Alerts.Alert alert) {
    long step = Alerts.seconds(file.path("evaluation_interval").asText("1m"));
    for (JsonNode test : file.path("tests")) {
      List<Long> silent = new ArrayList<>();
      List<Long> firing = new ArrayList<>();
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("alertname").asText().equals(alert.name())) {
          continue;
        }
        long at = Alerts.seconds(check.path("eval_time").asText());
        JsonNode expected = check.path("exp_alerts");
        if (expected.isEmpty()) {
          silent.add(at);
        } else if (hasExactLabels(expected.get(0), alert)) {
          firing.add(at);
        }
      }
      if (firing.stream().anyMatch(t -> silent.contains(t - step))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasExactLabels(JsonNode expected, Alerts.Alert alert) {
    JsonNode labels = expected.path("exp_labels");
    return labels.path("alertname").asText().equals(alert.name())
        && labels.path("severity").asText().equals(alert.label("severity"))
        && !expected.path("exp_annotations").isEmpty();
  }
}
