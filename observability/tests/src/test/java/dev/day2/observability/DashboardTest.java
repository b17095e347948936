package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana files: provisioning points at the dashboards, an overview and one dashboard per
 * service exist, and every panel queries the provisioned Prometheus datasource. (That every query
 * parses and returns series is checked against a real Prometheus by ObservabilityIT.)
 */
class DashboardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GRAFANA = Repo.observability().resolve("grafana");

  @Test
  void thereIsAnOverviewAndADashboardPerService() throws Exception {
    assertThat(dashboards().stream().map(p -> p.getFileName().toString()))
        .contains(
            "day2-overview.json",
            "day2-hello.json",
            "day2-wrpi.json",
            "day2-counter.json",
            "day2-preferences.json",
            "day2-tiles.json",
            "day2-edge.json");
  }

  @Test
  void everyPanelQueriesTheProvisionedPrometheus() throws Exception {
    JsonNode datasources =
        Alerts.YAML.readTree(GRAFANA.resolve("provisioning/datasources/day2.yaml").toFile());
    String uid = datasources.path("datasources").get(0).path("uid").asText();
    assertThat(datasources.path("datasources").get(0).path("type").asText())
        .isEqualTo("prometheus");
    Set<String> uids = new HashSet<>();
    for (Path file : dashboards()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in %s", file).isTrue();
      assertThat(dashboard.path("title").asText()).as(file.toString()).isNotBlank();
      assertThat(dashboard.path("panels")).as(file.toString()).isNotEmpty();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : dashboard.path("panels")) {
        String where = file.getFileName() + " / " + panel.path("title").asText();
        assertThat(ids.add(panel.path("id").asInt())).as("unique id: %s", where).isTrue();
        assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo(uid);
        assertThat(panel.path("targets")).as(where).isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asText()).as(where).isNotBlank();
          assertThat(target.path("datasource").path("uid").asText()).as(where).isEqualTo(uid);
        }
      }
    }
  }

  @Test
  void theProviderLoadsTheDashboardsFolderReadOnly() throws Exception {
    JsonNode provider =
        Alerts.YAML
            .readTree(GRAFANA.resolve("provisioning/dashboards/day2.yaml").toFile())
            .path("providers")
            .get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("allowUiUpdates").asBoolean(true)).isFalse();
    assertThat(provider.path("options").path("path").asText()).isNotBlank();
  }

  @Test
  void everyPendingMetricSaysWhoMustAddIt() throws Exception {
    assertThat(DashboardQueries.PENDING.values()).allMatch(reason -> reason.contains(":"));
    assertThat(DashboardQueries.all()).isNotEmpty();
  }

  private static List<Path> dashboards() throws Exception {
    try (Stream<Path> files = Files.list(Repo.dashboards())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
