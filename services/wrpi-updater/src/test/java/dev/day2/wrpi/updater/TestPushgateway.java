package dev.day2.wrpi.updater;

import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}, {@code make tools}) on a
 * free loopback port, in memory; stopped by its PID.
 */
final class TestPushgateway implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

  private final TestProcess process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestPushgateway(TestProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static TestPushgateway start() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run make tools");
    }
    int port = FreePorts.next();
    TestProcess process =
        TestProcess.start(
            "pushgateway",
            List.of(
                BINARY.toString(), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
            Map.of(),
            null,
            List.of());
    TestPushgateway gateway = new TestPushgateway(process, port);
    process.awaitHttp200(gateway.url() + "/-/ready", Duration.ofSeconds(20));
    return gateway;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * The samples of {@code job="wrpi-updater"} as the Pushgateway exposes them to Prometheus, by
   * metric name (each has one series: the grouping key is the job only).
   */
  Map<String, Double> updaterSamples() {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : get("/metrics").orElseThrow().split("\n")) {
      if (line.startsWith("wrpi_updater_") && line.contains("job=\"wrpi-updater\"")) {
        String name = line.substring(0, line.indexOf('{'));
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (samples.put(name, value) != null) {
          throw new AssertionError("more than one series of " + name + ": " + line);
        }
      }
    }
    return samples;
  }

  /** Deletes the wrpi-updater group, as if nothing had ever pushed. */
  void clear() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + Pushgateway.PATH)).DELETE().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "DELETE " + Pushgateway.PATH + ": " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Optional<String> get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
