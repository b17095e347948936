package dev.day2.portal;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/wrpi/history}: the WRPI over the last hour, one point a minute (the updater's
 * pace), from the {@code wrpi_value} gauge every wrpi-api replica exports.
 */
@Path("/api/wrpi/history")
public class WrpiHistoryResource {
  record History(String prometheus, List<double[]> points) {}

  private final Prometheus prometheus;
  private final Clock clock;

  WrpiHistoryResource(Prometheus prometheus, Clock clock) {
    this.prometheus = prometheus;
    this.clock = clock;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public History history() {
    try {
      JsonNode data =
          prometheus.range(
              "max(wrpi_value)",
              Duration.ofHours(1),
              Duration.ofMinutes(1),
              clock.instant().getEpochSecond());
      List<double[]> points = new ArrayList<>();
      for (JsonNode point : data.path("result").path(0).path("values")) {
        points.add(new double[] {point.path(0).asDouble(), point.path(1).asDouble()});
      }
      return new History("ok", points);
    } catch (Prometheus.Unavailable e) {
      return new History(e.getMessage(), List.of());
    }
  }
}
