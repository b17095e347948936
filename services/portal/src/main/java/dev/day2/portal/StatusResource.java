package dev.day2.portal;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/status}: per service, how many replicas Prometheus sees up and the recorded RED
 * numbers (observability/prometheus/rules); the alerts now pending or firing. Without Prometheus it
 * still answers 200, listing the services with {@code prometheus} saying why nothing is known.
 */
@Path("/api/status")
public class StatusResource {
  record ServiceStatus(
      String name, Integer up, Integer replicas, Double rate, Double errorRatio, Double p99) {}

  record Alert(String name, String state, String severity, String summary, String runbook) {}

  record Status(String prometheus, List<ServiceStatus> services, List<Alert> alerts) {}

  private final PortalSettings settings;
  private final Prometheus prometheus;

  StatusResource(PortalSettings settings, Prometheus prometheus) {
    this.settings = settings;
    this.prometheus = prometheus;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Status status() {
    try {
      Map<String, Double> up = prometheus.byLabel("sum by (job) (up)", "job");
      Map<String, Double> replicas = prometheus.byLabel("count by (job) (up)", "job");
      // wrpi-updater is a job, not a server: "up" is whether its last run succeeded.
      up.putAll(
          prometheus.byLabel(
              "max by (job) (wrpi_updater_last_run_success{job=\"wrpi-updater\"})", "job"));
      replicas.putAll(
          prometheus.byLabel(
              "count by (job) (wrpi_updater_last_run_success{job=\"wrpi-updater\"})", "job"));
      Map<String, Double> rate = prometheus.byLabel("job:http_server_requests:rate5m", "job");
      Map<String, Double> errors = prometheus.byLabel("job:http_server_errors:ratio_rate5m", "job");
      Map<String, Double> p99 =
          prometheus.byLabel("job:http_server_requests_seconds:p99_rate5m", "job");
      List<ServiceStatus> services = new ArrayList<>();
      for (String name : settings.services()) {
        services.add(
            new ServiceStatus(
                name,
                count(up.get(name)),
                count(replicas.get(name)),
                finite(rate.get(name)),
                finite(errors.get(name)),
                finite(p99.get(name))));
      }
      return new Status("ok", services, alerts(prometheus.alerts()));
    } catch (Prometheus.Unavailable e) {
      List<ServiceStatus> unknown =
          settings.services().stream()
              .map(name -> new ServiceStatus(name, null, null, null, null, null))
              .toList();
      return new Status(e.getMessage(), unknown, List.of());
    }
  }

  /**
   * The alerts for people: not the dead man's switch ({@code severity: none}, always firing while
   * alerting works; ADR 0135).
   */
  static List<Alert> alerts(JsonNode alerts) {
    List<Alert> list = new ArrayList<>();
    for (JsonNode alert : alerts) {
      if (alert.path("labels").path("severity").asText("").equals("none")) {
        continue;
      }
      list.add(
          new Alert(
              alert.path("labels").path("alertname").asText(),
              alert.path("state").asText(),
              alert.path("labels").path("severity").asText(""),
              alert.path("annotations").path("summary").asText(""),
              alert.path("annotations").path("runbook_url").asText("")));
    }
    return list;
  }

  private static Integer count(Double value) {
    return value == null ? null : (int) Math.round(value);
  }

  private static Double finite(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : value;
  }
}
