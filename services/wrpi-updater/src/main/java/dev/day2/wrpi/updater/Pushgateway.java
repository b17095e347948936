package dev.day2.wrpi.updater;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes each run's outcome to a Prometheus Pushgateway ({@code PUSHGATEWAY_URL}; empty: off),
 * under the grouping key {@code job="wrpi-updater"} only: a CronJob's pods have a new name every
 * minute, so an instance label would leave a stale group per run. A push that fails logs one line
 * and changes nothing else: the reading is what the job is for, the metric is how we watch it.
 */
@Singleton
class Pushgateway {
  static final String VARIABLE = "PUSHGATEWAY_URL";
  static final String PATH = "/metrics/job/wrpi-updater";
  private static final Logger LOG = Logger.getLogger(Pushgateway.class);

  private final Optional<URI> target;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Pushgateway(@ConfigProperty(name = VARIABLE) Optional<String> url) {
    this.target = url.filter(u -> !u.isBlank()).map(Pushgateway::groupUri);
  }

  /** A one-line reason when {@code PUSHGATEWAY_URL} is set but is not an http(s) base URL. */
  static Optional<String> problem(UnaryOperator<String> lookup) {
    String url = lookup.apply(VARIABLE);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      groupUri(url);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          VARIABLE + " must be an http(s) URL like http://pushgateway:9091, got \"" + url + "\"");
    }
  }

  private static URI groupUri(String url) {
    URI base = URI.create(url.strip().replaceAll("/+$", ""));
    if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
        || base.getHost() == null
        || base.getQuery() != null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    return URI.create(base + PATH);
  }

  boolean enabled() {
    return target.isPresent();
  }

  /** POSTs the outcome (replacing only the metrics it names); says whether it was taken. */
  boolean push(RunOutcome outcome) {
    if (target.isEmpty()) {
      return false;
    }
    HttpRequest request =
        HttpRequest.newBuilder(target.get())
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "text/plain; version=0.0.4")
            .POST(HttpRequest.BodyPublishers.ofString(outcome.exposition()))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return true;
      }
      LOG.warnf(
          "wrpi-updater: the Pushgateway refused the run outcome: HTTP %d %s",
          response.statusCode(), response.body().strip());
    } catch (IOException e) {
      LOG.warnf(
          "wrpi-updater: could not push the run outcome to %s: %s",
          target.get(), e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
