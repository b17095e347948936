package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * observability/kustomization.yaml: Kubernetes gets the shipped Prometheus config, every rule file,
 * the Alertmanager config and every dashboard, unchanged (rendered by kubectl kustomize).
 */
class ConfigMapsTest {
  static List<JsonNode> configMaps;

  @BeforeAll
  static void render(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n  - "
            + dir.relativize(Repo.observability())
            + "\n");
    Command render = Command.run(dir, "kubectl", "kustomize", dir.toString());
    assertThat(render.exitCode()).as("%s", render).isZero();
    configMaps = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        Alerts.YAML.readerFor(JsonNode.class).readValues(render.output())) {
      docs.forEachRemaining(configMaps::add);
    }
  }

  @Test
  void carriesThePrometheusConfigAndEveryRuleFileUnchanged() throws Exception {
    assertCarries("prometheus-config", Repo.prometheus().resolve("prometheus.yml"));
    for (String rules : ConfigCheckTest.files(Repo.prometheus().resolve("rules"), ".yaml")) {
      assertCarries("prometheus-rules", Path.of(rules));
    }
  }

  @Test
  void carriesTheAlertmanagerConfigAndEveryDashboardUnchanged() throws Exception {
    assertCarries(
        "alertmanager-config", Repo.observability().resolve("alertmanager/alertmanager.yml"));
    for (String dashboard : ConfigCheckTest.files(Repo.dashboards(), ".json")) {
      assertCarries("grafana-dashboards", Path.of(dashboard));
    }
  }

  private static void assertCarries(String configMap, Path file) throws Exception {
    JsonNode data =
        configMaps.stream()
            .filter(o -> o.path("metadata").path("name").asText().startsWith(configMap + "-"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ConfigMap " + configMap))
            .path("data");
    assertThat(data.path(file.getFileName().toString()).asText())
        .as("%s in ConfigMap %s", file.getFileName(), configMap)
        .isEqualTo(Files.readString(file));
  }
}
