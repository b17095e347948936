package dev.day2.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The alerting rules of prometheus/rules/*.yaml, read as YAML. */
final class Alerts {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One alerting rule and the file it is in. */
  record Alert(String name, JsonNode rule, Path file) {
    String label(String key) {
      return rule.path("labels").path(key).asText("");
    }

    String annotation(String key) {
      return rule.path("annotations").path(key).asText("");
    }
  }

  private Alerts() {}

  static List<Alert> all() throws IOException {
    List<Alert> alerts = new ArrayList<>();
    for (String file : ConfigCheckTest.files(Repo.prometheus().resolve("rules"), ".yaml")) {
      JsonNode root = YAML.readTree(Path.of(file).toFile());
      for (JsonNode group : root.path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            alerts.add(new Alert(rule.get("alert").asText(), rule, Path.of(file)));
          }
        }
      }
    }
    return alerts;
  }

  /** Prometheus durations as in rule and test files: 1m, 2m45s, 1h30m, 15s. */
  static long seconds(String duration) {
    long total = 0;
    var m = java.util.regex.Pattern.compile("(\\d+)([dhms])").matcher(duration);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total +=
          switch (m.group(2)) {
            case "d" -> n * 86400;
            case "h" -> n * 3600;
            case "m" -> n * 60;
            default -> n;
          };
    }
    return total;
  }
}
