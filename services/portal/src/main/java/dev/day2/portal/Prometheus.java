package dev.day2.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The portal's only way to Prometheus: fixed queries chosen here, never PromQL from the browser.
 * Every failure (not configured, down, slow, bad answer) is one {@link Unavailable} with a reason
 * the page can show.
 */
@ApplicationScoped
class Prometheus {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** Prometheus could not answer; {@code reason} is shown to the user. */
  static final class Unavailable extends Exception {
    Unavailable(String reason) {
      super(reason);
    }
  }

  private final PortalSettings settings;
  private final ObjectMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  Prometheus(PortalSettings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  /** An instant query: {@code label value -> number} for the series of {@code expr}. */
  Map<String, Double> byLabel(String expr, String label) throws Unavailable {
    Map<String, Double> values = new HashMap<>();
    for (JsonNode series : get("/api/v1/query?query=" + encode(expr)).path("result")) {
      double value = Double.parseDouble(series.path("value").path(1).asText("NaN"));
      values.put(series.path("metric").path(label).asText(""), value);
    }
    return values;
  }

  /** A range query over the last {@code range} with one point per {@code step}. */
  JsonNode range(String expr, Duration range, Duration step, long nowSeconds) throws Unavailable {
    return get(
        "/api/v1/query_range?query="
            + encode(expr)
            + "&start="
            + (nowSeconds - range.toSeconds())
            + "&end="
            + nowSeconds
            + "&step="
            + step.toSeconds());
  }

  /** The alerts Prometheus has now (pending and firing). */
  JsonNode alerts() throws Unavailable {
    return get("/api/v1/alerts").path("alerts");
  }

  private JsonNode get(String pathAndQuery) throws Unavailable {
    URI base =
        settings.prometheusUrl().orElseThrow(() -> new Unavailable("Prometheus is not configured"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new Unavailable("Prometheus answered HTTP " + response.statusCode());
      }
      return json.readTree(response.body()).path("data");
    } catch (IOException e) {
      throw new Unavailable("Prometheus is unreachable (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted");
    }
  }

  private static String encode(String expr) {
    return URLEncoder.encode(expr, StandardCharsets.UTF_8);
  }
}
