package dev.day2.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The status panel lists the alerts for people, never the always-firing dead man's switch. */
class StatusAlertsTest {
  @Test
  void theWatchdogIsNotAProblemToShow() throws Exception {
    var alerts =
        new ObjectMapper()
            .readTree(
                """
                [{"labels":{"alertname":"Watchdog","severity":"none"},"state":"firing",
                  "annotations":{"summary":"The alerting pipeline is working"}},
                 {"labels":{"alertname":"TargetDown","severity":"warning","job":"hello"},
                  "state":"pending","annotations":{"summary":"hello target is down",
                  "runbook_url":"docs/runbooks/TargetDown.md"}}]
                """);
    assertThat(StatusResource.alerts(alerts))
        .containsExactly(
            new StatusResource.Alert(
                "TargetDown",
                "pending",
                "warning",
                "hello target is down",
                "docs/runbooks/TargetDown.md"));
  }
}
