package dev.day2.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every PromQL expression of every dashboard panel, with what it still waits for. */
final class DashboardQueries {
  /**
   * Metrics the dashboards show that the {@code make run} topology does not publish yet, and who
   * must add them. Their queries must parse; the end-to-end test fails once one returns series, so
   * this list only shrinks.
   */
  static final Map<String, String> PENDING = Map.ofEntries();

  record Query(String dashboard, String panel, String expr, Optional<String> pending) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + ": " + expr;
    }
  }

  private DashboardQueries() {}

  static List<Query> all() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Query> queries = new ArrayList<>();
    try (Stream<Path> files = Files.list(Repo.dashboards())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = json.readTree(file.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            String expr = target.path("expr").asText();
            queries.add(
                new Query(
                    dashboard.path("title").asText(),
                    panel.path("title").asText(),
                    expr,
                    pending(expr)));
          }
        }
      }
    }
    return queries;
  }

  static Optional<String> pending(String expr) {
    return PENDING.entrySet().stream()
        .filter(e -> expr.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
